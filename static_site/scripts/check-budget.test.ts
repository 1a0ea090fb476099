// @vitest-environment node
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUDGET_BYTES, formatReport, initialAssetPaths, measureInitialLoad } from './check-budget.mjs';

const SCRIPT = fileURLToPath(new URL('./check-budget.mjs', import.meta.url));

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <script type="module" crossorigin src="/assets/index-abc123.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/vendor-def456.js">
    <link rel="stylesheet" crossorigin href="/assets/index-789aaa.css">
    <link rel="stylesheet" href="https://cdn.example.com/font.css">
  </head>
  <body><div id="app"></div></body>
</html>`;

const gzipped = (content: string | Buffer): number => gzipSync(content, { level: 9 }).length;

let dist: string;

beforeEach(async () => {
  dist = await mkdtemp(join(tmpdir(), 'budget-'));
  await mkdir(join(dist, 'assets'));
});

afterEach(async () => {
  await rm(dist, { recursive: true, force: true });
});

async function writeDist(files: Record<string, string | Buffer>): Promise<void> {
  await Promise.all(Object.entries(files).map(([path, content]) => writeFile(join(dist, path), content)));
}

describe('initialAssetPaths', () => {
  it('finds the entry script, modulepreloads and stylesheets, and nothing else', () => {
    expect(initialAssetPaths(INDEX_HTML)).toEqual([
      'assets/index-abc123.js',
      'assets/vendor-def456.js',
      'assets/index-789aaa.css',
    ]);
  });

  it('reads attributes in any order and quoting, and counts a file once', () => {
    const html = `<link href='./assets/a.css' rel="stylesheet"><LINK REL=stylesheet HREF=/assets/a.css>
      <script src="assets/app.js?v=2"></script><script>inline()</script>`;
    expect(initialAssetPaths(html)).toEqual(['assets/a.css', 'assets/app.js']);
  });
});

describe('measureInitialLoad', () => {
  it('adds up the gzipped sizes of the page and what it loads at once', async () => {
    const entry = 'import"./vendor-def456.js";'.repeat(200);
    const vendor = 'export const x = 1;'.repeat(500);
    const css = 'body{margin:0}'.repeat(300);
    await writeDist({
      'index.html': INDEX_HTML,
      'assets/index-abc123.js': entry,
      'assets/vendor-def456.js': vendor,
      'assets/index-789aaa.css': css,
      'assets/LazyScreen-000.js': 'not part of the first load',
    });

    const load = await measureInitialLoad(dist);

    expect(load.files).toEqual([
      { path: 'index.html', bytes: INDEX_HTML.length, gzipBytes: gzipped(INDEX_HTML) },
      { path: 'assets/index-abc123.js', bytes: entry.length, gzipBytes: gzipped(entry) },
      { path: 'assets/vendor-def456.js', bytes: vendor.length, gzipBytes: gzipped(vendor) },
      { path: 'assets/index-789aaa.css', bytes: css.length, gzipBytes: gzipped(css) },
    ]);
    expect(load.totalGzipBytes).toBe(
      gzipped(INDEX_HTML) + gzipped(entry) + gzipped(vendor) + gzipped(css),
    );
    expect(load.totalGzipBytes).toBeLessThan(INDEX_HTML.length + entry.length + vendor.length + css.length);
  });

  it('fails when a file the page loads is missing', async () => {
    await writeDist({ 'index.html': INDEX_HTML, 'assets/index-abc123.js': 'x' });

    await expect(measureInitialLoad(dist)).rejects.toThrow(/ENOENT/);
  });

  it('fails on a page that loads no script', async () => {
    await writeDist({ 'index.html': '<!doctype html><p>hello</p>' });

    await expect(measureInitialLoad(dist)).rejects.toThrow(/loads no script/);
  });
});

describe('formatReport', () => {
  const load = {
    files: [
      { path: 'index.html', bytes: 700, gzipBytes: 400 },
      { path: 'assets/index.js', bytes: 20_000, gzipBytes: 9_000 },
    ],
    totalGzipBytes: 9_400,
  };

  it('lists every file and says the total is within budget', () => {
    const report = formatReport(load, 10_000);
    expect(report).toMatch(/assets\/index\.js\s+20000\s+9000/);
    expect(report).toMatch(/total\s+20700\s+9400/);
    expect(report.split('\n').at(-1)).toBe('within budget: 9400 of 10000 bytes gzipped');
  });

  it('says so when the total is over budget', () => {
    expect(formatReport(load, 9_399).split('\n').at(-1)).toBe('OVER BUDGET: 9400 bytes gzipped, budget 9399 bytes');
  });
});

describe('the command', () => {
  const run = promisify(execFile);
  const html = '<script type="module" src="/assets/app.js"></script>';

  it('passes and prints the numbers when the first load fits the budget', async () => {
    await writeDist({ 'index.html': html, 'assets/app.js': 'console.log(1);' });

    const { stdout } = await run(process.execPath, [SCRIPT, dist]);

    expect(stdout).toMatch(/assets\/app\.js\s+15\s+\d+/);
    expect(stdout).toContain('within budget');
  });

  it('exits 1 when the first load is over 150 KB gzipped', async () => {
    // Random bytes do not compress, so the gzipped size stays over the budget.
    await writeDist({ 'index.html': html, 'assets/app.js': randomBytes(BUDGET_BYTES + 1024) });

    const failure = await run(process.execPath, [SCRIPT, dist]).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('OVER BUDGET');
  });
});
