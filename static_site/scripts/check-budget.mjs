/**
 * The first-load budget: the app shell a phone downloads before it can show anything must
 * stay under 150 KB gzipped (ARCHITECTURE.md, section 7).
 *
 * Reads dist/index.html, finds what it makes the browser fetch at once (the page itself,
 * scripts, modulepreload links, stylesheets), gzips each and adds them up. Screens
 * load lazily and are not part of the first load. Exits 1 when over budget.
 *
 * Usage: node scripts/check-budget.mjs [distDir]
 */
import { readFile } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** 150 KB. */
export const BUDGET_BYTES = 153_600;

/**
 * @typedef {object} MeasuredFile
 * @property {string} path Path inside the dist directory, as index.html names it.
 * @property {number} bytes Size on disk.
 * @property {number} gzipBytes Size gzipped at the highest level, as a CDN would serve it.
 */

/**
 * @typedef {object} InitialLoad
 * @property {MeasuredFile[]} files
 * @property {number} totalGzipBytes
 */

const TAG = /<(script|link)\b[^>]*>/gi;
const ATTRIBUTE = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

/**
 * The same-origin files that `html` makes the browser fetch before the app starts.
 * @param {string} html
 * @returns {string[]} Paths relative to the site root, in document order, without repeats.
 */
export function initialAssetPaths(html) {
  /** @type {string[]} */
  const paths = [];
  for (const tag of html.matchAll(TAG)) {
    const name = (tag[1] ?? '').toLowerCase();
    const attributes = attributesOf(tag[0]);
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    const url =
      name === 'script'
        ? attributes.get('src')
        : name === 'link' && (rel.includes('stylesheet') || rel.includes('modulepreload'))
          ? attributes.get('href')
          : undefined;
    const path = url === undefined ? undefined : sitePath(url);
    if (path !== undefined && !paths.includes(path)) {
      paths.push(path);
    }
  }
  return paths;
}

/**
 * Measures index.html in `distDir` and every file it loads at once.
 * @param {string} distDir
 * @returns {Promise<InitialLoad>}
 */
export async function measureInitialLoad(distDir) {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const assets = initialAssetPaths(html);
  if (!assets.some((path) => path.endsWith('.js'))) {
    throw new Error(`${join(distDir, 'index.html')} loads no script: is this a Vite build?`);
  }
  const files = await Promise.all(
    ['index.html', ...assets].map(async (path) => {
      const content = await readFile(join(distDir, ...path.split('/')));
      return { path, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    }),
  );
  return { files, totalGzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}

/**
 * The measurement as a table, with the verdict on the last line.
 * @param {InitialLoad} load
 * @param {number} budgetBytes
 * @returns {string}
 */
export function formatReport(load, budgetBytes) {
  const width = Math.max(...load.files.map((file) => file.path.length), 'total'.length);
  const row = (/** @type {string} */ label, /** @type {string} */ raw, /** @type {string} */ gzip) =>
    `${label.padEnd(width)}  ${raw.padStart(10)}  ${gzip.padStart(10)}`;
  const verdict =
    load.totalGzipBytes <= budgetBytes
      ? `within budget: ${load.totalGzipBytes} of ${budgetBytes} bytes gzipped`
      : `OVER BUDGET: ${load.totalGzipBytes} bytes gzipped, budget ${budgetBytes} bytes`;
  return [
    'Initial load (gzip -9):',
    row('file', 'bytes', 'gzip'),
    ...load.files.map((file) => row(file.path, String(file.bytes), String(file.gzipBytes))),
    row('total', String(load.files.reduce((sum, file) => sum + file.bytes, 0)), String(load.totalGzipBytes)),
    verdict,
  ].join('\n');
}

/**
 * @param {string} tag
 * @returns {Map<string, string>}
 */
function attributesOf(tag) {
  const attributes = new Map();
  for (const match of tag.replace(/^<\w+/, '').matchAll(ATTRIBUTE)) {
    attributes.set((match[1] ?? '').toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/**
 * A URL of index.html as a path inside dist, or undefined for another origin or a data URL.
 * @param {string} url
 * @returns {string | undefined}
 */
function sitePath(url) {
  if (/^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(url)) {
    return undefined;
  }
  const path = posix.normalize(url.split(/[?#]/)[0] ?? '').replace(/^(?:\.?\/)+/, '');
  return path === '' || path.startsWith('..') ? undefined : path;
}

async function main() {
  const distDir = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)));
  const load = await measureInitialLoad(distDir);
  console.log(formatReport(load, BUDGET_BYTES));
  if (load.totalGzipBytes > BUDGET_BYTES) {
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((/** @type {unknown} */ error) => {
    console.error(`check-budget: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
