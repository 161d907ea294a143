// The scripts' words in the page's language (tests/fixtures/languages under
// /langs/): the theme switch, copy buttons and search results speak French or
// Arabic on those pages and English on the default language's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, watch } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(path) {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url(path));
  return { page, problems, context };
}

test('the theme switch speaks the page language', async () => {
  for (const [path, before, after] of [
    ['/langs/fr/guides/billing/refunds/', 'Passer au thème sombre', 'Passer au thème clair'],
    ['/langs/guides/billing/refunds/', 'Switch to dark theme', 'Switch to light theme'],
  ]) {
    const { page, problems, context } = await open(path);
    const toggle = page.locator('.theme-toggle');
    await toggle.waitFor({ state: 'visible' });
    assert.equal(await toggle.getAttribute('aria-label'), before, path);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-label'), after, path);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('copy buttons on an Arabic page are labelled in Arabic', async () => {
  const { page, problems, context } = await open('/langs/ar/guides/billing/refunds/');
  const button = page.locator('.copy-button');
  await button.waitFor({ state: 'visible' });
  assert.equal(await button.getAttribute('aria-label'), 'انسخ الشيفرة إلى الحافظة');
  assert.equal((await button.textContent()).trim(), 'نسخ');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the search box words its results and its empty state in French', async () => {
  const { page, problems, context } = await open('/langs/fr/');
  const input = page.locator('#site-search-input');
  await input.fill('remboursements');
  await page.locator('.site-search .search-hit').first().waitFor();
  assert.equal((await page.locator('.site-search .search-all').textContent()).trim(), 'Tous les résultats');
  assert.equal(
    (await page.locator('.site-search .search-hit .kind').first().textContent()).trim(),
    'Guide',
  );
  await input.fill('zzqxw');
  await page.locator('.site-search .search-empty').waitFor();
  assert.equal(
    (await page.locator('.site-search .search-empty').textContent()).trim(),
    'Aucun résultat pour « zzqxw »',
  );
  assert.deepEqual(problems, []);
  await context.close();
});
