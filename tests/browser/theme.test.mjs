// The colour-theme toggle, and the page without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, watch, GUIDE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const dataTheme = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? null);
const bodyIsDark = (page) => page.evaluate(() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
  return (r + g + b) / 3 < 80;
});

test('the theme toggle is shown with JavaScript, switches data-theme and survives a reload', async () => {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url(GUIDE));
  const toggle = page.locator('.theme-toggle');
  await toggle.waitFor({ state: 'visible' });
  assert.equal(await dataTheme(page), null, 'no theme is forced before the reader chooses one');
  assert.equal(await bodyIsDark(page), false, 'a light system gets the light theme');
  assert.equal(await toggle.getAttribute('aria-label'), 'Switch to dark theme');

  await toggle.click();
  assert.equal(await dataTheme(page), 'dark');
  assert.equal(await bodyIsDark(page), true, 'the page turns dark');
  assert.equal(await toggle.getAttribute('aria-label'), 'Switch to light theme');
  assert.equal(await page.evaluate(() => localStorage.getItem('townhall-theme')), 'dark');

  await page.reload();
  assert.equal(await dataTheme(page), 'dark', 'the choice is remembered across a reload');
  assert.equal(await bodyIsDark(page), true);
  await toggle.waitFor({ state: 'visible' });
  assert.equal(await toggle.getAttribute('aria-label'), 'Switch to light theme');

  await toggle.click();
  assert.equal(await dataTheme(page), 'light');
  await page.goto(url('/'));
  assert.equal(await dataTheme(page), 'light', 'the choice holds on other pages too');
  assert.equal(await bodyIsDark(page), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a dark system starts dark and the toggle switches to light', async () => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(url(GUIDE));
  const toggle = page.locator('.theme-toggle');
  await toggle.waitFor({ state: 'visible' });
  assert.equal(await bodyIsDark(page), true);
  assert.equal(await toggle.getAttribute('aria-label'), 'Switch to light theme');
  await toggle.click();
  assert.equal(await dataTheme(page), 'light');
  assert.equal(await bodyIsDark(page), false);
  await context.close();
});

test('without JavaScript the guide is fully readable and the toggle stays hidden', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url(GUIDE));

  assert.equal(await page.locator('h1').innerText(), 'Refunds');
  const prose = page.locator('main .prose');
  assert.ok(await prose.isVisible());
  assert.match(await prose.innerText(), /Refunds are issued to the original payment method\./);
  assert.match(await prose.innerText(), /fn main\(\)/, 'code blocks are shown');
  assert.ok(await page.locator('.callout-warning').isVisible(), 'the callout is shown');
  assert.ok(await page.locator('.prose table').isVisible(), 'the table is shown');

  const nav = page.locator('.sidebar .nav-tree a');
  assert.ok(await nav.count() >= 4, 'the sidebar navigation is present');
  assert.ok(await page.locator('.sidebar .nav-tree a[aria-current=page]').isVisible(), 'the current guide is marked in the navigation');
  const toc = page.locator('.toc a');
  assert.equal(await toc.count(), 2);
  for (const link of await toc.all()) assert.ok(await link.isVisible(), 'table-of-contents links are visible');

  assert.equal(await page.locator('.theme-toggle').isVisible(), false, 'the toggle needs JavaScript, so it stays hidden');
  assert.equal(await page.locator('.copy-button').count(), 0, 'no copy buttons without JavaScript');
  assert.deepEqual(problems, []);

  // The narrow layout works without JavaScript too.
  await page.setViewportSize({ width: 360, height: 780 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
  await page.locator('.menu-button').click(); // a <details> opens without JavaScript
  assert.ok(await page.locator('.menu .nav-tree a[aria-current=page]').isVisible());
  await context.close();
});
