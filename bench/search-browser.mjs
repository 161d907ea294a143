// Browser half of bench/search.py: for each query, a fresh page (empty
// cache) focuses the search box and types the query; it records every URL
// fetched from that moment until the results are on screen, and the time
// that took. Then, on one page with the index loaded, it times keystroke ->
// results for every query (each run twice: the second run has every shard
// and document chunk in memory).
//
//   node search-browser.mjs <base-url> <townhall|pagefind> <page-path> <queries.json>
// prints one JSON object.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, engine, pagePath, queriesFile] = process.argv.slice(2);
const queries = JSON.parse(await (await import('node:fs/promises')).readFile(queriesFile, 'utf8'));

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'th-bench-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };

// Runs one query in the page and resolves when its results are rendered.
const townhallQuery = (q) => new Promise((resolve) => {
  const input = document.getElementById('site-search-input');
  const list = document.getElementById('site-search-results');
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (!list.querySelector('.search-hit, .search-empty')) return;
    observer.disconnect();
    resolve(performance.now() - start);
  });
  observer.observe(list, { childList: true, subtree: true });
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input', { bubbles: true }));
});

// Pagefind's documented JS API: search, then load the shown results' data.
const pagefindQuery = async (q) => {
  const start = performance.now();
  window.pf = window.pf || await import('/pagefind/pagefind.js');
  const search = await window.pf.search(q);
  const shown = await Promise.all(search.results.slice(0, 8).map((r) => r.data()));
  const elapsed = performance.now() - start;
  return { elapsed, count: search.results.length, first: shown[0]?.url ?? null };
};

const cold = [];
for (const q of queries) {
  const page = await browser.newPage();
  await page.route('**/*', (route) => route.continue()); // no HTTP cache across pages
  await page.goto(base + pagePath, { waitUntil: 'load' });
  const fetched = [];
  page.on('response', (res) => fetched.push(new URL(res.url()).pathname));
  let elapsed;
  if (engine === 'townhall') {
    elapsed = await page.evaluate(townhallQuery, q);
  } else {
    elapsed = (await page.evaluate(pagefindQuery, q)).elapsed;
  }
  cold.push({ query: q, elapsed, fetched });
  await page.close();
}

const page = await browser.newPage();
await page.goto(base + pagePath, { waitUntil: 'load' });
const firstRun = [], warm = [];
for (const q of queries) {
  const run = engine === 'townhall'
    ? () => page.evaluate(townhallQuery, q)
    : async () => (await page.evaluate(pagefindQuery, q)).elapsed;
  firstRun.push(await run());
  warm.push(await run());
}
await browser.close();
console.log(JSON.stringify({
  cold,
  first_run: { median: median(firstRun), p95: p95(firstRun) },
  warm: { median: median(warm), p95: p95(warm), max: Math.max(...warm) },
}));
