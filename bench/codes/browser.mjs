#!/usr/bin/env node
// Redeeming an access code in Chromium, timed in the page: from Start to the redemption's answer
// (resource timing of POST …/tokens), the blinding in the token module (to the key the survey's
// definition names) before it; then the finishing, to the survey's first page. Each code
// in a fresh browser context (nothing cached but what the collector sends), the token module
// fetched as the respondent types. With Chromium's CPU at normal speed and slowed 4x (a cheap
// phone). A collector of its own on 127.0.0.1 (SQLite), codes issued by the command line.
// Prints median and max per part; asserts nothing.
//
// Usage (after scripts/build and `cargo build -p speaksafe-collector`):
//   node bench/codes/browser.mjs [--codes 15]
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { freePort, freshCollectorFolder, speaksafe, startCollector } from '../../tests/e2e/collector.mjs';

const i = process.argv.indexOf('--codes');
const COUNT = i > 0 ? Number(process.argv[i + 1]) : 15;
const SURVEY = 'class-voice';

const folder = freshCollectorFolder('bench-codes-browser');
const port = await freePort();
const collector = await startCollector(folder, port, [], 'tests/e2e/surveys');
const origin = `http://127.0.0.1:${port}`;
const cards = path.join(folder.dir, 'cards.html');
speaksafe('codes', 'issue', '--survey', SURVEY, '--count', String(COUNT * 2), '--cards', cards, '--origin', origin, '--db', folder.db);
const codes = [...fs.readFileSync(cards, 'utf8').matchAll(/<div class="code">([A-Z0-9-]+)<\/div>/g)].map((m) => m[1]);
fs.rmSync(cards);
// The key made with the codes is named in the survey's definition as the collector next looks at
// the database (every second): a page loaded before then has no key to blind to.
const named = async () => (await (await fetch(`${origin}/surveys/${SURVEY}.json`)).json()).submit.token_key;
for (let n = 0; n < 50 && !(await named()); n++) await new Promise((r) => setTimeout(r, 100));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`.padStart(10);
try {
  for (const slowdown of [1, 4]) {
    const parts = { 'blinding (token module)': [], 'redemption (POST)': [], 'finishing, to the first page': [], 'Start to the first page': [] };
    for (let n = 0; n < COUNT; n++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
      await page.goto(`${origin}/?survey=${SURVEY}`);
      const field = page.getByRole('main').getByLabel('Your access code', { exact: true });
      await field.fill(codes.pop());
      // The token module arrives while the respondent types: wait for it, as a person would take longer.
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/token.wasm') && e.responseEnd > 0));
      await page.waitForTimeout(200);
      await page.evaluate(() => {
        window.__heading = null;
        const h1 = () => document.querySelector('h1')?.textContent;
        new MutationObserver(() => { if (window.__heading === null && h1() === 'Your school') window.__heading = performance.now(); })
          .observe(document.body, { subtree: true, childList: true, characterData: true });
        // On the window, in capture: before the widget's own listener, whose work starts at once.
        window.addEventListener('submit', () => { window.__start = performance.now(); }, { capture: true });
      });
      await field.press('Enter');
      await page.waitForFunction(() => window.__heading !== null);
      const t = await page.evaluate(() => {
        const find = (end) => performance.getEntriesByType('resource').find((e) => e.name.endsWith(end));
        const tokens = find('/tokens');
        return { start: window.__start, tokens: [tokens.startTime, tokens.responseEnd], shown: window.__heading };
      });
      // The key is the one the definition names: no request for it, so blinding starts at Start.
      parts['blinding (token module)'].push(t.tokens[0] - t.start);
      parts['redemption (POST)'].push(t.tokens[1] - t.tokens[0]);
      parts['finishing, to the first page'].push(t.shown - t.tokens[1]);
      parts['Start to the first page'].push(t.shown - t.start);
      await context.close();
    }
    console.log(`\nCPU ${slowdown}x, ${COUNT} codes, each in a fresh context${'median'.padStart(14)}${'max'.padStart(10)}`);
    for (const [name, xs] of Object.entries(parts)) console.log(`  ${name.padEnd(52)}${ms(median(xs))}${ms(Math.max(...xs))}`);
  }
} finally {
  await browser.close();
  collector.kill('SIGTERM');
}
