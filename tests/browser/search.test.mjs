// Search in a real browser: the header box (keyboard, ARIA, results), the
// full results page with facets, the index loading only on first focus, and
// each language's pages searching their own index as `townhall search --lang`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launch, url, watch } from './lib.mjs';

async function withPage(fn) {
  const browser = await launch();
  try {
    const page = await (await browser.newContext()).newPage();
    const problems = watch(page);
    await fn(page);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
}

test('"/" focuses the search box, results appear as you type, Enter opens the first', () => withPage(async (page) => {
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/search/')) fetched.push(r.url()); });
  await page.goto(url('/guides/billing/invoices/'));
  assert.deepEqual(fetched, [], 'the index is not loaded with the page');
  await page.keyboard.press('/');
  const input = page.locator('#site-search-input');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-input');
  await page.keyboard.type('reset passw');
  const first = page.locator('#site-search-results [role=option]').first();
  await first.waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.match(await first.innerText(), /Reset a forgotten password/);
  assert.ok((await first.locator('mark').count()) > 0, 'matched terms are highlighted');
  assert.ok(fetched.some((u) => u.endsWith('manifest.json')));
  assert.ok(fetched.every((u) => !u.includes('/search/?')), 'only index files were fetched');
  await page.keyboard.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-activedescendant'), 'search-hit-0');
  await Promise.all([page.waitForURL(url('/guides/help/passwords/')), page.keyboard.press('Enter')]);
}));

test('a result shows the passage that matched, words marked, and links to its heading', () => withPage(async (page) => {
  await page.goto(url('/guides/billing/invoices/'));
  await page.keyboard.press('/');
  // "nightly" is only in the text under the "Scheduling exports" heading; "exported" finds "exports" by its stem
  await page.keyboard.type('nightly exported ');
  const first = page.locator('#site-search-results [role=option]').first();
  await first.waitFor();
  assert.equal(new URL(await first.getAttribute('href'), url('/')).href, url('/guides/help/exports/#scheduling-exports'));
  assert.match(await first.locator('.search-section').innerText(), /Scheduling exports$/);
  const snippet = first.locator('.search-snippet');
  assert.match(await snippet.innerText(), /Nightly exports land in your storage bucket/);
  assert.deepEqual(await snippet.locator('mark').allTextContents(), ['Nightly', 'exports']);
  assert.deepEqual(await first.locator('.search-section mark').allTextContents(), ['exports']);
  await Promise.all([page.waitForURL(url('/guides/help/exports/#scheduling-exports')), first.click()]);
  assert.equal(await page.locator('#scheduling-exports').count(), 1, 'the anchor exists on the page');
}));

test('the results page marks stemmed words and typos in titles and snippets', () => withPage(async (page) => {
  await page.goto(url('/search/?q=' + encodeURIComponent('refunding')));
  const hit = page.locator('.search-results .search-hit').first();
  await hit.waitFor();
  assert.match(await hit.locator('.search-title').innerText(), /Refunds/);
  assert.deepEqual(await hit.locator('.search-title mark').allTextContents(), ['Refunds']);
  assert.ok((await hit.locator('.search-snippet mark').count()) > 0, 'the snippet marks the word too');
  await page.goto(url('/search/?q=' + encodeURIComponent('webhoks')));
  const typo = page.locator('.search-results .search-hit').first();
  await typo.waitFor();
  assert.deepEqual(await typo.locator('.search-title mark').allTextContents(), ['Webhooks']);
}));

test('Ctrl+K focuses search and Escape closes the results', () => withPage(async (page) => {
  await page.goto(url('/'));
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-input');
  await page.keyboard.type('dark mode');
  await page.locator('#site-search-results [role=option]').first().waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#site-search-results').isHidden(), true);
  assert.equal(await page.locator('#site-search-input').getAttribute('aria-expanded'), 'false');
}));

test('the results page takes ?q= and facets narrow the results with live counts', () => withPage(async (page) => {
  await page.goto(url('/search/?q=invoice'));
  const hits = page.locator('.search-results .search-hit');
  await hits.first().waitFor();
  const all = await hits.count();
  assert.ok(all >= 3, `found ${all}`);
  const ideaBox = page.locator('.search-facets input[data-facet=kind][value=idea]');
  const label = await page.locator('.search-facets label:has(input[data-facet=kind][value=idea])').innerText();
  const ideaCount = Number(label.match(/(\d+)\s*$/)[1]);
  await ideaBox.click(); // the facet list re-renders with new counts, so no check() state assertion
  await page.waitForFunction((n) => document.querySelectorAll('.search-results .search-hit').length === n, ideaCount);
  for (const kind of await page.locator('.search-results .kind').allTextContents()) assert.equal(kind, 'Idea');
  assert.ok(ideaCount < all);
}));

test('without JavaScript the search page says so and links the indexes', async () => {
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(url('/search/?q=refund'));
    assert.match(await page.locator('.search-nojs').innerText(), /needs JavaScript/);
    assert.ok((await page.locator('.search-nojs a').count()) >= 2);
    assert.equal(await page.locator('.search-form').isHidden(), true);
  } finally {
    await browser.close();
  }
});

// The results of `townhall search --lang` on the multilingual fixture's source, in
// the fields the browser's hits have; the browser's URLs are under /langs/.
function cliSearch(query, lang) {
  const out = execFileSync(process.env.TOWNHALL, ['search', query, '--lang', lang, '--format', 'json',
    '--root', process.env.LANGUAGES_ROOT, '--color', 'never'], { encoding: 'utf8' });
  return JSON.parse(out).map((h) => ({ title: h.title, url: h.url, score: h.score, link: h.link, heading: h.heading, snippet: h.snippet }));
}

test('French and Arabic pages search their own index, stemmed, exactly as `townhall search --lang`', () => withPage(async (page) => {
  const queries = {
    fr: ['remboursons', 'remboursements', 'oubliés', 'mot de passe', 'mode sombre', 'facturation', 'invoices', 'les'],
    ar: ['مبالغ', 'مسترد', 'المبالغ المستردة', 'الفواتير', 'مساعدة'],
  };
  let found = 0;
  for (const [lang, list] of Object.entries(queries)) {
    await page.goto(url(`/langs/${lang}/`));
    const scripts = await page.locator('script[src]').evaluateAll((all) => all.map((s) => s.getAttribute('src')));
    assert.deepEqual(scripts.filter((s) => s.includes('/stem-')).map((s) => s.split('?')[0]), [`/langs/assets/stem-${lang}.js`]);
    for (const query of list) {
      const hits = await page.evaluate(async (q) => {
        const base = document.querySelector('.site-search').getAttribute('data-base');
        const r = await new window.TownhallSearch(base).query(q, {}, 10);
        return r.hits.map((h) => ({ title: h.t, url: h.u, score: h.score, link: h.l, heading: h.h, snippet: h.x }));
      }, query);
      const unprefixed = hits.map((h) => ({ ...h, url: h.url.replace(/^\/langs/, ''), link: h.link.replace(/^\/langs/, '') }));
      assert.deepEqual(unprefixed, cliSearch(query, lang), `${lang}: ${query}`);
      found += hits.length > 0 ? 1 : 0;
    }
  }
  assert.ok(found >= 11, `most queries find a page (${found})`);
}));

test('typing an inflected French word in the box finds the French page; English pages load no stemmer', () => withPage(async (page) => {
  await page.goto(url('/langs/guides/billing/refunds/'));
  const english = await page.locator('script[src]').evaluateAll((all) => all.map((s) => s.getAttribute('src')));
  assert.equal(english.filter((s) => s.includes('/stem-')).length, 0);
  await page.goto(url('/langs/fr/guides/billing/'));
  await page.keyboard.press('/');
  await page.keyboard.type('remboursons');
  const first = page.locator('#site-search-results [role=option]').first();
  await first.waitFor();
  assert.match(await first.innerText(), /Remboursements/);
  assert.deepEqual(await first.locator('.search-title mark').allTextContents(), ['Remboursements']);
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(url('/langs/fr/guides/billing/refunds/')), page.keyboard.press('Enter')]);
}));
