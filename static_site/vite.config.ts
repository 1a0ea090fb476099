/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

/** Where the local runtime serves the API (see docs: one machine, the local runtime). */
const LOCAL_API = 'http://127.0.0.1:7071';

export default defineConfig({
  base: '/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  server: {
    proxy: {
      '/api': { target: LOCAL_API, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: LOCAL_API, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Older Android phones keep old browsers: ES2020 keeps them working at almost no size cost.
    target: 'es2020',
    sourcemap: false,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'tests/**/*.test.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
