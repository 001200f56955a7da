#!/usr/bin/env node
// The quick exit, timed: Escape pressed with focus in a text field, mid-survey
// with a few answers given, until the survey's content is gone from the page.
// Measured in the page (a keydown capture listener that runs before the app's,
// and a MutationObserver that notes when #ss-main leaves the document), over
// many exits, with Chromium's CPU slowed 4x (DevTools Emulation.setCPUThrottlingRate)
// and without. Prints median, p95 and max; asserts nothing.
//
// Usage (after `trunk build --release --offline`):
//   node bench/quick-exit/run.mjs [--exits 50] [--budget 170]
// --budget is in seconds: the run stops by itself when it is spent, and prints
// what it measured so far.

import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EXITS = arg('exits', 50);
const BUDGET_MS = arg('budget', 170) * 1000;
const EXIT_URL = 'https://www.bbc.co.uk/weather';
const started = Date.now();
const spent = () => Date.now() - started;

// --- the static server for dist/, on a free port -----------------------------
function serve() {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, ['tests/e2e/serve.mjs', '--port', '0', '--root', 'dist'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${out}`)), 10_000);
    const onData = (chunk) => {
      out += chunk;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ server, origin: m[1] });
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', (chunk) => (out += chunk));
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited (${code}): ${out}`));
    });
  });
}

// --- the in-page probe (as in tests/e2e/quick-exit.spec.mjs) -------------------
// The survey counts as gone at the first moment #ss-main is found out of the
// document: by a custom element at the end of <body> whose disconnectedCallback
// runs synchronously when the body's children are replaced, or else by a
// MutationObserver (whose callback runs only once the app's handler is done,
// which gives the handler's end). The measurement is pushed out through a
// DevTools binding from the first frame after the key: the exit navigation is
// held meanwhile, so the document lives.
function installProbe() {
  const probe = { armed: false, sent: false, key: null, goneAt: null, doneAt: null };
  Object.defineProperty(window, '__ssArm', { value: () => (probe.armed = true) });
  const noteGone = () => {
    if (probe.key && probe.goneAt === null && !document.getElementById('ss-main')) probe.goneAt = performance.now();
  };
  addEventListener(
    'keydown',
    (event) => {
      if (!probe.armed || probe.key) return;
      probe.key = { at: performance.now(), stamp: event.timeStamp, rafAt: null, mainAtRaf: null };
      requestAnimationFrame(() => {
        probe.key.rafAt = performance.now();
        probe.key.mainAtRaf = !!document.getElementById('ss-main');
        if (probe.goneAt !== null && !probe.sent) {
          probe.sent = true;
          window.__ssBenchSend(
            JSON.stringify({
              gone: probe.goneAt - probe.key.at,
              done: (probe.doneAt ?? probe.goneAt) - probe.key.at,
              fromStamp: probe.goneAt - probe.key.stamp,
              goneBeforeFrame: probe.goneAt < probe.key.rafAt && !probe.key.mainAtRaf,
            }),
          );
        }
      });
    },
    true,
  );
  new MutationObserver(() => {
    noteGone();
    if (probe.goneAt !== null && probe.doneAt === null) probe.doneAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
  customElements.define(
    'ss-probe-sentinel',
    class extends HTMLElement {
      disconnectedCallback() {
        noteGone();
      }
    },
  );
  document.addEventListener('DOMContentLoaded', () => document.body.append(document.createElement('ss-probe-sentinel')));
}

// A fixed piece of work, timed in the page: shows that throttling took effect.
const CALIBRATE = `(() => {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
    best = Math.min(best, performance.now() - t);
  }
  return best;
})()`;

async function measure(browser, origin, rate, deadline) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The exit page is held until this exit's measurement is in (opened by release()).
  let release = () => {};
  let gate = Promise.resolve();
  await page.route('https://www.bbc.co.uk/**', async (route) => {
    await gate;
    await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' });
  });
  await page.addInitScript(installProbe);
  const cdp = await context.newCDPSession(page);
  let onReport = () => {};
  cdp.on('Runtime.bindingCalled', (e) => e.name === '__ssBenchSend' && onReport(JSON.parse(e.payload)));
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: '__ssBenchSend' });

  const results = [];
  let calibration = null;
  for (let i = 0; i < EXITS && Date.now() < deadline; i++) {
    await page.goto(`${origin}/`);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    if (calibration === null) calibration = (await cdp.send('Runtime.evaluate', { expression: CALIBRATE, returnByValue: true })).result.value;
    // Mid-survey: page 1 of the survivor consultation, four answers, focus in a text field.
    await page.locator('.ss-button--start').click();
    await page.locator('#q-connection').check();
    await page.locator('#q-age_group').selectOption('25_34');
    await page.locator('#q-lives_in_city').check();
    await page.locator('#q-area').fill('E16');
    await page.locator('#q-area').focus();
    await page.evaluate(() => window.__ssArm());

    const report = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no measurement within 10 s')), 10_000);
      onReport = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    });
    gate = new Promise((resolve) => (release = resolve));
    const press = page.keyboard.press('Escape');
    results.push(await report);
    release();
    await press;
    await page.waitForURL(EXIT_URL);
  }
  await context.close();
  return { results, calibration };
}

function summary(label, { results, calibration }) {
  if (results.length === 0) return `${label}: no exits measured`;
  const pick = (xs, q) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
  const ms = (x) => `${x.toFixed(1).padStart(6)} ms`;
  const row = (name, key) => {
    const xs = results.map((r) => r[key]).sort((a, b) => a - b);
    return `  ${name.padEnd(40)} median ${ms(pick(xs, 0.5))}   p95 ${ms(pick(xs, 0.95))}   max ${ms(xs[xs.length - 1])}`;
  };
  const frames = results.filter((r) => r.goneBeforeFrame).length;
  return [
    `${label}: ${results.length} exits (a fixed loop, best of 3: ${calibration.toFixed(1)} ms); survey gone before the next frame in ${frames}/${results.length}`,
    row('keydown -> survey content gone', 'gone'),
    row("keydown -> the app's handler done", 'done'),
    row('event.timeStamp -> survey content gone', 'fromStamp'),
  ].join('\n');
}

let server;
let browser;
try {
  const served = await serve();
  server = served.server;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  // Two thirds of the budget for the throttled run, the rest for the other.
  const throttled = await measure(browser, served.origin, 4, started + (BUDGET_MS * 2) / 3);
  const plain = await measure(browser, served.origin, 1, started + BUDGET_MS);
  console.log('quick exit: Escape (focus in a text field, mid-survey) -> survey content gone, measured in the page');
  console.log(`Chromium ${browser.version()}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}, ${(spent() / 1000).toFixed(0)} s`);
  console.log(summary('CPU 4x slower', throttled));
  console.log(summary('no throttling', plain));
  if (throttled.results.length < EXITS || plain.results.length < EXITS) console.log(`(time budget spent: fewer than ${EXITS} exits in a row)`);
} catch (error) {
  console.error(`bench/quick-exit: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  server?.kill('SIGTERM');
}
