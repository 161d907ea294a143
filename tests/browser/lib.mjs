// Shared helpers for the browser tests. run.sh sets BASE_URL and CHROMIUM.
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) throw new Error('BASE_URL is not set: run the browser tests through tests/browser/run.sh');
export const ORIGIN = new URL(BASE_URL).origin;

// Every page of the guides fixture.
export const PAGES = [
  '/',
  '/guides/',
  '/guides/billing/',
  '/guides/billing/refunds/',
  '/guides/billing/invoices/',
  '/tags/',
  '/tags/billing/',
  '/404.html',
];
export const GUIDE = '/guides/billing/refunds/';

export const url = (path) => new URL(path, BASE_URL).href;

// playwright-core's launch() always starts from a fresh temporary profile
// (the equivalent of --user-data-dir=<new temp dir>); it never downloads a browser.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Records console errors, uncaught exceptions, failed requests and any request
// that leaves the test server, for one page.
export function watch(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('request', (req) => {
    const target = new URL(req.url());
    if (target.protocol === 'data:' || target.protocol === 'blob:') return;
    if (target.origin !== ORIGIN) problems.push(`request leaves the site: ${req.url()}`);
  });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

// Runs in the page: every visible text run whose contrast with the background
// behind it is below WCAG AA (4.5:1, or 3:1 for large text). Checks the text
// inside `scope` (default: the whole body), leaving out what is inside `skip`.
export function lowContrastText({ scope, skip } = {}) {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a),
    a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let base = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) base = over(layer, base);
    return base;
  };
  const failures = [];
  const seen = new Set();
  for (const container of scope ? document.querySelectorAll(scope) : [document.body]) {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const el = node.parentElement;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('[hidden], .skip-link, .visually-hidden') || !el.getClientRects().length) continue;
      if (skip && el.closest(skip)) continue;
      if (el.closest('.anchor') && style.opacity === '0') continue;
      const bg = background(el);
      const fg = over(parse(style.color), bg);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const need = large ? 3 : 4.5;
      if (ratio + 0.005 < need) {
        const key = `${style.color}|${el.className}`;
        if (seen.has(key)) continue;
        seen.add(key);
        failures.push(`${ratio.toFixed(2)}:1 < ${need}:1 for "${node.textContent.trim().slice(0, 30)}" (<${el.tagName.toLowerCase()} class="${el.className}">, ${style.color} on rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)}))`);
      }
    }
  }
  return failures;
}
