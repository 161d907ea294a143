// Screenshots of a built site at 360 and 1280 px, light and dark, for
// looking at layout changes (not a test: run.sh does not run it).
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/browser/screenshots.mjs OUT_DIR name=/path/ ...
//
// Writes OUT_DIR/<name>-<width>-<scheme>.png for each page. A path with
// "?q=" waits for search results first. FULL=1 takes the whole page instead
// of the first screen and a half.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, url } from './lib.mjs';

const [outDir, ...pages] = process.argv.slice(2);
if (!outDir || pages.length === 0) {
  console.error('usage: node screenshots.mjs OUT_DIR name=/path/ ...');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const browser = await launch();
try {
  for (const spec of pages) {
    const [name, path] = spec.split('=');
    for (const width of [360, 1280]) {
      for (const scheme of ['light', 'dark']) {
        const height = width === 360 ? 740 : 800;
        const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(url(path), { waitUntil: 'load' });
        if (path.includes('?q=')) {
          await page.waitForSelector('.search-results .search-hit, .search-results .search-empty', { timeout: 5000 }).catch(() => {});
        }
        const file = join(outDir, `${name}-${width}-${scheme}.png`);
        if (process.env.FULL) {
          await page.screenshot({ path: file, fullPage: true });
        } else {
          const full = await page.evaluate(() => document.documentElement.scrollHeight);
          await page.screenshot({ path: file, clip: { x: 0, y: 0, width, height: Math.min(full, Math.round(height * 1.5)) } });
        }
        console.log(file);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
}
