// Lighthouse audits (mobile preset, the default) of pages served locally.
//   node lighthouse.mjs BASE_URL PATH... : prints the scores; exits 1 when a
//   page scores below SEO 100, accessibility 95, best practices 95 or
//   performance 95.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [base, ...paths] = process.argv.slice(2);
const MIN = { seo: 1, accessibility: 0.95, 'best-practices': 0.95, performance: 0.95 };
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let failed = false;
for (const path of paths) {
  const work = mkdtempSync(join(tmpdir(), 'townhall-lh-'));
  const out = join(work, 'report.json');
  execFileSync(join(here, 'node_modules/.bin/lighthouse'), [
    new URL(path, base).href, '--quiet', '--output=json', `--output-path=${out}`,
    '--only-categories=performance,accessibility,best-practices,seo',
    `--chrome-flags=${[...flags, `--user-data-dir=${join(work, 'profile')}`].join(' ')}`,
  ], { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM || '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const report = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(work, { recursive: true, force: true });
  const scores = Object.fromEntries(Object.entries(report.categories).map(([k, v]) => [k, v.score]));
  const low = Object.entries(MIN).filter(([k, min]) => !(scores[k] >= min));
  console.log(`${path}: ${Object.entries(scores).map(([k, v]) => `${k} ${Math.round(v * 100)}`).join(', ')}${low.length ? '  <-- below target' : ''}`);
  if (low.length) {
    failed = true;
    for (const audit of Object.values(report.audits)) {
      if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary') console.log(`    ${audit.id}: ${audit.title}`);
    }
  }
}
process.exit(failed ? 1 : 0);
