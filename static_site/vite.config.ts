/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

/** Where the local runtime serves the API (see docs: one machine, the local runtime). */
const LOCAL_API = 'http://127.0.0.1:7071';

/**
 * Adds `<link rel="modulepreload">` for the chunks of the screen most people open first, so
 * the phone fetches them alongside the shell instead of after it: one round trip less, about
 * 0.4 s on slow 3G. The budget check counts them as part of the first load.
 */
function preloadFirstScreen(screenModule: string): Plugin {
  return {
    name: 'intellifin:preload-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context): HtmlTagDescriptor[] {
        const chunks = Object.values(context.bundle ?? {}).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        const screen = chunks.find((chunk) => chunk.facadeModuleId?.endsWith(screenModule) === true);
        if (screen === undefined) {
          throw new Error(`preload-first-screen: no chunk for ${screenModule}`);
        }
        const files = new Set<string>();
        const visit = (fileName: string): void => {
          const chunk = chunks.find((candidate) => candidate.fileName === fileName);
          if (chunk === undefined || chunk.isEntry || files.has(fileName)) {
            return;
          }
          files.add(fileName);
          chunk.imports.forEach(visit);
        };
        visit(screen.fileName);
        // Chunks the shell already names (shared with the entry) are not named twice: a
        // duplicate would also make the service worker's `cache.addAll` fail its install.
        return Array.from(files)
          .filter((file) => !html.includes(`"/${file}"`))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head',
          }));
      },
    },
  };
}

/** What the API's docs page (`/api/docs`, served by the API) loads, from the npm package. */
const API_DOCS_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui-bundle.js.LICENSE.txt', 'LICENSE'];

/**
 * Serves Swagger UI's files from this site under `/api-docs/`, so the API docs page needs no
 * CDN and works on a machine without internet. They sit outside `/assets/`: the service
 * worker never caches them, and no phone downloads them unless it opens the docs.
 */
function apiDocsAssets(): Plugin {
  return {
    name: 'intellifin:api-docs-assets',
    apply: 'build',
    generateBundle() {
      const packageDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
      for (const file of API_DOCS_FILES) {
        this.emitFile({ type: 'asset', fileName: `api-docs/${file}`, source: readFileSync(join(packageDir, file)) });
      }
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [preloadFirstScreen('/src/screens/home/HomeScreen.tsx'), apiDocsAssets()],
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
