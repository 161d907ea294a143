// Every page: no console errors, no request off the site, no horizontal scroll
// on a phone, landmarks and headings, keyboard access, and colour contrast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, watch, lowContrastText, PAGES, GUIDE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function withPage(options, fn) {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

for (const path of PAGES) {
  test(`${path}: no console errors and no request leaves 127.0.0.1`, () => withPage({}, async (page) => {
    const problems = watch(page);
    await page.goto(url(path), { waitUntil: 'networkidle' });
    // Exercise the scripts too: switch theme once.
    await page.locator('.theme-toggle').click();
    assert.deepEqual(problems, []);
  }));
}

test('at 360 px wide no page scrolls sideways', () => withPage({ viewport: { width: 360, height: 780 } }, async (page) => {
  for (const path of PAGES) {
    await page.goto(url(path));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path} is ${width}px wide at a 360px viewport`);
  }
}));

test('at 360 px the guide tree is in the menu, not at the foot of the page', () => withPage({ viewport: { width: 360, height: 780 } }, async (page) => {
  await page.goto(url(GUIDE));
  assert.equal(await page.locator('.sidebar').isVisible(), false, 'no second copy of the tree below the content');
  assert.equal(await page.locator('.menu .nav-tree').isVisible(), false, 'the menu starts closed');
  await page.locator('.menu-button').click();
  for (const link of await page.locator('.menu .nav-tree a').all()) {
    const box = await link.boundingBox();
    assert.ok(box.height >= 24, 'navigation links are comfortable tap targets');
    assert.ok(box.x >= 0 && box.x + box.width <= 360, 'navigation links fit the screen');
  }
  assert.ok(await page.locator('.menu .nav-tree a[aria-current=page]').isVisible(), 'the current guide is marked');
}));

test('on wide screens the guide puts the table of contents in a right-hand column', () => withPage({ viewport: { width: 1280, height: 900 } }, async (page) => {
  await page.goto(url(GUIDE));
  const toc = await page.locator('.toc').boundingBox();
  const prose = await page.locator('.prose').boundingBox();
  const sidebar = await page.locator('.sidebar').boundingBox();
  assert.ok(sidebar.x + sidebar.width <= prose.x, 'sidebar on the left');
  assert.ok(toc.x >= prose.x + prose.width, 'table of contents on the right');
}));

test('keyboard: the first Tab reaches the skip link and Enter moves focus to main', () => withPage({}, async (page) => {
  await page.goto(url(GUIDE));
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    cls: document.activeElement.className,
    href: document.activeElement.getAttribute('href'),
    text: document.activeElement.textContent.trim(),
  }));
  assert.deepEqual(focused, { cls: 'skip-link', href: '#main', text: 'Skip to content' });
  const box = await page.locator('.skip-link').boundingBox();
  assert.ok(box && box.y >= 0 && box.x >= 0, 'the focused skip link is on screen');

  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');

  // The next Tab lands inside main, on a link with a visible focus ring.
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { inMain: !!el.closest('main'), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  assert.ok(next.inMain, 'focus continues inside main');
  assert.notEqual(next.outline, 'none', 'focus is visible');
  assert.ok(next.width >= 2, 'the focus ring is at least 2px');
}));

test('landmarks and heading order on every page', () => withPage({}, async (page) => {
  for (const path of PAGES) {
    await page.goto(url(path));
    const info = await page.evaluate(() => ({
      main: document.querySelectorAll('main').length,
      banner: document.querySelectorAll('body > header').length,
      contentinfo: document.querySelectorAll('body > footer').length,
      h1: document.querySelectorAll('h1').length,
      levels: [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')].map((h) => Number(h.tagName[1])),
      lang: document.documentElement.lang,
      title: document.title,
      unnamedNavs: [...document.querySelectorAll('nav')].filter((n) => !n.getAttribute('aria-label') && !n.getAttribute('aria-labelledby')).length,
    }));
    assert.equal(info.main, 1, `${path}: one main`);
    assert.equal(info.banner, 1, `${path}: one header`);
    assert.equal(info.contentinfo, 1, `${path}: one footer`);
    assert.equal(info.h1, 1, `${path}: one h1`);
    assert.equal(info.levels[0], 1, `${path}: main starts with the h1`);
    info.levels.forEach((level, i) => {
      if (i > 0) assert.ok(level <= info.levels[i - 1] + 1, `${path}: heading h${level} skips a level after h${info.levels[i - 1]}`);
    });
    assert.ok(info.lang, `${path}: html has a lang`);
    assert.ok(info.title, `${path}: has a title`);
    assert.equal(info.unnamedNavs, 0, `${path}: every nav has a name`);
  }
}));

// Text contrast (WCAG AA) in both themes, including syntax-highlighted code.
const themes = [
  { name: 'light', colorScheme: 'light', stored: null },
  { name: 'dark (chosen with the toggle)', colorScheme: 'light', stored: 'dark' },
  { name: 'light (chosen with the toggle on a dark system)', colorScheme: 'dark', stored: 'light' },
  { name: 'dark (following the system)', colorScheme: 'dark', stored: null },
];
for (const theme of themes) {
  test(`contrast: every text meets WCAG AA in the ${theme.name} theme`, () => withPage({ colorScheme: theme.colorScheme }, async (page, context) => {
    if (theme.stored) await context.addInitScript((t) => localStorage.setItem('townhall-theme', t), theme.stored);
    const failures = [];
    for (const path of PAGES) {
      await page.goto(url(path));
      for (const f of await page.evaluate(lowContrastText, {})) failures.push(`${path}: ${f}`);
    }
    assert.deepEqual(failures, []);
  }));
}


