// Browser half of bench/relevance.py: runs every query through one engine
// on one page in headless Chromium, with the engine's own JavaScript API
// (townhall's TownhallSearch from /assets/search.js, Pagefind's
// /pagefind/pagefind.js), all queries in one page.evaluate.
//
//   node relevance-browser.mjs <base-url> <townhall|pagefind> <queries.json> [limit]
// prints a JSON array: for each query, the URL paths of its first `limit`
// (default 10) results, best first.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, engine, queriesFile, limitArg] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
const limit = Number(limitArg || 10);

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'th-relevance-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(base + '/', { waitUntil: 'load' });
  let results;
  if (engine === 'townhall') {
    await page.addScriptTag({ url: '/assets/search.js' });
    results = await page.evaluate(async ([queries, limit]) => {
      const search = new window.TownhallSearch('/');
      const out = [];
      for (const q of queries) {
        const r = await search.query(q, {}, limit);
        out.push(r.hits.map((h) => new URL(h.u, location.href).pathname));
      }
      return out;
    }, [queries, limit]);
  } else {
    results = await page.evaluate(async ([queries, limit]) => {
      const pf = await import('/pagefind/pagefind.js');
      await pf.init();
      const out = [];
      for (const q of queries) {
        const search = await pf.search(q);
        const shown = await Promise.all(search.results.slice(0, limit).map((r) => r.data()));
        out.push(shown.map((d) => new URL(d.url, location.href).pathname));
      }
      return out;
    }, [queries, limit]);
  }
  console.log(JSON.stringify(results));
} finally {
  await browser.close();
}
