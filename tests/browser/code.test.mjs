// Copy buttons on code blocks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, watch, ORIGIN, GUIDE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('every code block gets a copy button that copies its code', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url(GUIDE));

  const blocks = page.locator('pre.code');
  const count = await blocks.count();
  assert.equal(count, 2, 'the fixture guide has two code blocks');
  await page.locator('.copy-button').first().waitFor({ state: 'visible' });
  assert.equal(await page.locator('.code-wrapper .copy-button').count(), count, 'one button per block');

  const expected = ['fn main() { println!("refund"); }', 'nuqneH'];
  for (let i = 0; i < count; i++) {
    const button = page.locator('.code-wrapper').nth(i).locator('.copy-button');
    assert.equal(await button.getAttribute('aria-label'), 'Copy code to clipboard');
    await button.click();
    await page.waitForFunction((b) => b.textContent.includes('Copied'), await button.elementHandle());
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected[i]);
  }
  // The button goes back to "Copy" after a moment.
  await page.waitForFunction(() => [...document.querySelectorAll('.copy-button')].every((b) => b.textContent.trim() === 'Copy'), null, { timeout: 5000 });
  // The code itself is untouched by the wrapper.
  assert.equal(await blocks.first().getAttribute('data-lang'), 'rust');
  assert.equal(await page.locator('.code-wrapper .code-lang').first().innerText(), 'rust');
  assert.deepEqual(problems, []);
  await context.close();
});

test('copying works with a stubbed clipboard too (no permissions needed)', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__copied = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (text) => { window.__copied.push(text); return Promise.resolve(); } },
    });
  });
  const page = await context.newPage();
  await page.goto(url(GUIDE));
  await page.locator('.copy-button').first().click();
  await page.waitForFunction(() => window.__copied.length === 1);
  assert.deepEqual(await page.evaluate(() => window.__copied), ['fn main() { println!("refund"); }']);
  await context.close();
});
