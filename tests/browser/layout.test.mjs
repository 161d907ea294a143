// Layout at a phone's 360 px and a laptop's 1280 px: the menu works by
// keyboard and without JavaScript, nothing is wider than the screen, option
// names in the reference tables never break mid-word, and the question list
// is an aligned grid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, GUIDE } from './lib.mjs';

const WIDTHS = [360, 1280];
const COMMANDS = '/docs/guides/reference/commands/';
const CONFIGURATION = '/docs/guides/reference/configuration/';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function withPage(options, fn) {
  const context = await browser.newContext(options);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

// Runs in the page: every visible element whose box reaches past the
// viewport's right edge (content inside a sideways-scrolling box is fine).
function overflowing() {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (['auto', 'scroll', 'hidden'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || el.closest('.visually-hidden, [hidden]')) continue;
    if (r.right > width + 0.5 && !scrolls(el)) out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ends at ${Math.round(r.right)}px`);
  }
  return { width, scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 5) };
}

// Runs in the page: each table-cell code whose text is split over lines at
// a point that is not a space, nor after / | , =, nor before a dot.
function midWordBreaks() {
  const bad = [];
  for (const code of document.querySelectorAll('.prose td code')) {
    const text = code.textContent;
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const chars = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        chars.push({ c: node.data[i], top: rect ? Math.round(rect.top) : null });
      }
    }
    for (let i = 1; i < chars.length; i++) {
      const [prev, cur] = [chars[i - 1], chars[i]];
      if (prev.top === null || cur.top === null || cur.top <= prev.top) continue;
      if (prev.c === ' ' || cur.c === ' ' || '/|,='.includes(prev.c) || cur.c === '.') continue;
      bad.push(`"${text}" breaks between "${text.slice(0, i)}" and "${text.slice(i)}"`);
    }
  }
  return bad;
}

for (const width of WIDTHS) {
  const viewport = { width, height: 800 };

  for (const path of ['/', GUIDE, '/questions/', '/ideas/', '/stats/', '/docs/', COMMANDS, CONFIGURATION]) {
    test(`${width} px ${path}: no element is wider than the viewport`, () => withPage({ viewport }, async (page) => {
      await page.goto(url(path));
      const result = await page.evaluate(overflowing);
      assert.ok(result.scrollWidth <= result.width, `the page scrolls sideways: ${result.scrollWidth}px`);
      assert.deepEqual(result.out, []);
    }));
  }

  for (const path of [COMMANDS, CONFIGURATION]) {
    test(`${width} px ${path}: option names in tables never break mid-word`, () => withPage({ viewport }, async (page) => {
      await page.goto(url(path));
      assert.ok(await page.locator('.prose td code').count() > 10);
      assert.deepEqual(await page.evaluate(midWordBreaks), []);
    }));
  }

  test(`${width} px: the question list is an aligned grid`, () => withPage({ viewport }, async (page) => {
    await page.goto(url('/questions/'));
    const rows = await page.locator('.question-row').evaluateAll((rows) => rows.map((row) => {
      const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; };
      return { stats: [...row.querySelectorAll('.q-stat')].map(box), title: box(row.querySelector('.question-title')), row: box(row) };
    }));
    assert.ok(rows.length >= 3);
    const first = rows[0];
    for (const row of rows) {
      assert.equal(row.stats.length, 2, 'two count boxes per row');
      for (const [i, s] of row.stats.entries()) {
        assert.equal(Math.round(s.x), Math.round(first.stats[i].x), 'count boxes line up in columns');
        assert.equal(Math.round(s.w), Math.round(first.stats[i].w), 'count boxes are the same width');
        assert.equal(Math.round(s.h), Math.round(first.stats[0].h), 'count boxes are the same height');
        assert.equal(Math.round(s.y), Math.round(row.stats[0].y), 'both boxes of a row sit side by side');
      }
      assert.equal(Math.round(row.title.x), Math.round(first.title.x), 'titles start on one line');
      assert.ok(row.title.x >= row.stats[1].x + row.stats[1].w, 'the title is to the right of the counts');
    }
  }));
}

test('360 px: the menu opens and closes by keyboard, and holds the site links and the guide tree', () => withPage({ viewport: { width: 360, height: 780 } }, async (page) => {
  await page.goto(url(GUIDE));
  assert.equal(await page.locator('.top-nav').isVisible(), false, 'no sideways-scrolling top bar');
  const button = page.locator('.menu-button');
  assert.ok(await button.isVisible());
  // Tab from the top of the page: skip link, brand, then the menu button.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    if (await button.evaluate((el) => el === document.activeElement)) break;
  }
  assert.ok(await button.evaluate((el) => el === document.activeElement), 'the menu button is reachable by Tab');
  const role = await page.evaluate(() => document.querySelector('.menu-button').closest('details') !== null);
  assert.ok(role, 'a <details> summary: announced as a button with its expanded state');
  await page.keyboard.press('Enter');
  assert.ok(await page.locator('.menu .menu-links').isVisible(), 'Enter opens the menu');
  for (const name of ['Home', 'Guides', 'Questions', 'Ideas', 'Roadmap', 'Tags']) {
    assert.ok(await page.locator('.menu .menu-links a', { hasText: name }).first().isVisible(), `${name} is in the menu`);
  }
  assert.ok(await page.locator('.menu .nav-tree a[aria-current=page]').isVisible(), 'the guide tree marks this guide');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement.closest('.menu-panel') !== null), 'Tab moves into the menu');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.menu .menu-links').isVisible(), false, 'Escape closes the menu');
  assert.ok(await button.evaluate((el) => el === document.activeElement), 'focus returns to the menu button');
  await page.keyboard.press('Space');
  assert.ok(await page.locator('.menu .menu-links').isVisible(), 'Space opens it again');
  const panel = await page.locator('.menu-panel').boundingBox();
  assert.ok(panel.x >= 0 && panel.x + panel.width <= 360, 'the open menu fits the screen');
}));

test('360 px without JavaScript: the menu still opens and its links work', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 } });
  try {
    const page = await context.newPage();
    await page.goto(url(GUIDE));
    await page.locator('.menu-button').click();
    const ideas = page.locator('.menu .menu-links a', { hasText: 'Ideas' });
    assert.ok(await ideas.isVisible());
    await ideas.click();
    await page.waitForURL(/\/ideas\/$/);
  } finally {
    await context.close();
  }
});

test('1280 px: the top bar shows the site links and the menu button is hidden', () => withPage({ viewport: { width: 1280, height: 800 } }, async (page) => {
  await page.goto(url(GUIDE));
  assert.equal(await page.locator('.menu').isVisible(), false);
  assert.ok(await page.locator('.top-nav a', { hasText: 'Questions' }).isVisible());
  assert.ok(await page.locator('.sidebar .nav-tree a[aria-current=page]').isVisible());
}));
