// Live reload in a real browser: `townhall serve` on a copy of a fixture; an
// open page reloads by itself after its source is saved, and a broken save
// shows the error overlay until it is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './lib.mjs';

const townhall = process.env.TOWNHALL;

function serve(root) {
  const child = spawn(townhall, ['serve', '--root', root, '--port', '0', '--today', '2026-11-25', '--color', 'never'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1] }); }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

test('an open page reloads by itself after an edit, and shows the overlay for a broken save', async () => {
  assert.ok(townhall, 'run through tests/browser/run.sh, which sets TOWNHALL');
  const work = mkdtempSync(join(tmpdir(), 'townhall-serve-'));
  const root = join(work, 'site');
  cpSync(new URL('../fixtures/guides', import.meta.url), root, { recursive: true });
  const { child, url } = await serve(root);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(url + 'guides/billing/zebra/');
    assert.equal(await page.locator('h1').innerText(), 'Zebra payments');
    const file = join(root, 'content/guides/billing/zebra.md');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('title: Zebra payments', 'title: Zebra payments, renamed'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('renamed'), null, { timeout: 20000 });
    writeFileSync(file, original.replace('title: Zebra payments', 'title: [broken'));
    const overlay = page.getByText('content/guides/billing/zebra.md', { exact: false }).first();
    await overlay.waitFor({ timeout: 20000 });
    assert.equal(await page.locator('h1').innerText(), 'Zebra payments, renamed', 'the last good page stays');
    writeFileSync(file, original);
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Zebra payments', null, { timeout: 20000 });
    assert.equal(await overlay.isVisible(), false, 'the overlay is gone once fixed');
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
});
