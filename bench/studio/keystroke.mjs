#!/usr/bin/env node
// The studio with the 1 000-question generated survey open (bench/compare/generate.mjs: 50
// pages, 500 conditions, English and Arabic): how long a keystroke in a question's text takes
// to show in the check and in the preview beside it, painted.
//
// Each keystroke appends a letter to the first question's text on page 1, with the preview
// showing that page. Timed in the page from the keydown event's timeStamp to the first
// animation frame after the preview's text holds the new letter. The preview draws the survey
// that core's check returns for the whole draft, so a letter in the preview means the check has
// run on it too (the studio checks every change in full, and keeps the last survey without
// errors for the preview). Run with Chromium's CPU slowed 4x (DevTools
// Emulation.setCPUThrottlingRate), then without. Prints median, p95 and max; asserts nothing.
//
// Usage (after scripts/build, which builds the studio into dist/studio/):
//   node bench/studio/keystroke.mjs [--keys 100] [--runs 1] [--budget 300] [--root DIR] [--profile] [--trace]
// --runs repeats the throttled keystrokes in that many fresh pages and pools them (on a shared
// machine one run's p95 moves with what else is running; several say more);
// --root serves another build (one made with wasm-bindgen --keep-debug keeps the functions'
// names); --profile prints where the throttled keystrokes spent their time, by function;
// --trace, by what the browser did (script, style, layout, paint).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { definition } from '../compare/generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const KEYS = arg('keys', 100);
const RUNS = arg('runs', 1);
const rootArg = process.argv.indexOf('--root');
const DIST = rootArg > 0 ? path.resolve(process.argv[rootArg + 1]) : path.join(ROOT, 'dist');
const PROFILE = process.argv.includes('--profile');
const TRACE = process.argv.includes('--trace');
const BUDGET_MS = arg('budget', 300) * 1000;
const started = Date.now();

function serve() {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, ['tests/e2e/serve.mjs', '--port', '0', '--root', DIST], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${out}`)), 10_000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ server, origin: m[1] });
      }
    });
    server.stderr.on('data', (chunk) => (out += chunk));
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited (${code}): ${out}`));
    });
  });
}

// In the page: a keydown stamps the start; the input event (before the studio's own handler,
// which listens further in) gives the text to wait for; a MutationObserver on the preview sees
// it arrive; the next animation frame is when it is painted.
function installProbe() {
  let pending = null;
  const results = [];
  Object.defineProperty(window, '__ssResults', { value: results });
  addEventListener('keydown', (e) => (pending = { stamp: e.timeStamp, text: null }), true);
  addEventListener(
    'input',
    (e) => {
      if (pending) pending.text = e.target.value;
    },
    true,
  );
  // The preview's element, found once (searching a page this long on every change would be a
  // good part of what is measured).
  let preview = null;
  const look = () => {
    if (!preview?.isConnected) preview = document.querySelector('[aria-label="The survey, as a respondent sees it"]');
    if (!pending || pending.text === null || !preview) return;
    if (!preview.textContent.includes(pending.text)) return;
    const key = pending;
    pending = null;
    const inDom = performance.now() - key.stamp;
    requestAnimationFrame(() => results.push({ inDom, painted: performance.now() - key.stamp }));
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
}

async function measure(browser, origin, file, rate, deadline, watch = true) {
  // (browser: for tracing)
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(installProbe);
  await page.goto(`${origin}/studio/`);
  await page.getByLabel('A survey file').setInputFiles(file);
  const parts = page.getByRole('navigation', { name: 'Survey parts' });
  await parts.getByRole('button', { name: /^1\. / }).click();
  await page.getByRole('button', { name: 'Go to page' }).click();
  const field = page.getByRole('region', { name: 'Question 1: Single choice' }).getByLabel(/^Question( \(en\))?$/);
  await field.focus();
  await page.keyboard.press('End');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const profile = PROFILE && rate > 1 && watch;
  const trace = TRACE && rate > 1 && watch;
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < KEYS && Date.now() < deadline; i++) {
    const before = await page.evaluate(() => window.__ssResults.length);
    // A letter, or a space now and then so that the text stays words.
    await page.keyboard.press(i % 6 === 5 ? 'Space' : letters[i % 26]);
    // Asked every 100 ms, not on every animation frame: a check on every frame would keep the
    // page drawing frames and be part of what is measured.
    await page.waitForFunction((n) => window.__ssResults.length > n, before, { timeout: 10_000, polling: 100 });
  }
  if (profile) printProfile((await cdp.send('Profiler.stop')).profile);
  if (trace) printTrace(JSON.parse((await browser.stopTracing()).toString()));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const results = await page.evaluate(() => window.__ssResults.slice());
  await context.close();
  return results;
}

/** Self time by function, and time including callees, of the 30 heaviest. */
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const ms = (dt[i + 1] ?? 0) / 1000;
    const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'program'})`;
    self.set(name(byId.get(id)), (self.get(name(byId.get(id))) ?? 0) + ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const f = name(byId.get(at));
      if (!seen.has(f)) total.set(f, (total.get(f) ?? 0) + ms);
      seen.add(f);
    }
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).filter(([f]) => !process.env.ONLY || f.includes(process.env.ONLY)).slice(0, 30);
  console.log('self time (ms):');
  for (const [f, ms] of top(self)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${f.slice(0, 140)}`);
  console.log('total time (ms):');
  for (const [f, ms] of top(total)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${f.slice(0, 140)}`);
}

/** The main thread's time by kind of work (nested events are counted in their parents too). */
function printTrace(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const totals = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !main || e.pid !== main.pid || e.tid !== main.tid) continue;
    totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
  }
  console.log('main thread, by trace event (ms, nested events counted in their parents too):');
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${name}`);
}

const pick = (xs, q) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
const p95 = (results) => pick(results.map((r) => r.painted).sort((a, b) => a - b), 0.95);

function summary(label, results) {
  if (results.length === 0) return `${label}: no keystrokes measured`;
  const ms = (x) => `${x.toFixed(1).padStart(6)} ms`;
  const row = (name, key) => {
    const xs = results.map((r) => r[key]).sort((a, b) => a - b);
    return `  ${name.padEnd(48)} median ${ms(pick(xs, 0.5))}   p95 ${ms(pick(xs, 0.95))}   max ${ms(xs[xs.length - 1])}`;
  };
  return [
    `${label}: ${results.length} keystrokes`,
    row('keystroke -> check and preview updated, painted', 'painted'),
    row('keystroke -> the preview holds the letter', 'inDom'),
  ].join('\n');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'speaksafe-studio-bench-'));
const file = path.join(tmp, 'bench.json');
const survey = definition(50);
fs.writeFileSync(file, JSON.stringify(survey, null, 2));
const questions = survey.pages.reduce((n, p) => n + p.questions.length, 0);

let server;
let browser;
try {
  if (!fs.existsSync(path.join(DIST, 'studio/studio_bg.wasm'))) throw new Error(`no ${DIST}/studio/: run scripts/build first`);
  const served = await serve();
  server = served.server;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    runs.push(await measure(browser, served.origin, file, 4, started + ((BUDGET_MS * 2) / 3) * ((r + 1) / RUNS), r === 0));
  }
  const throttled = runs.flat();
  const plain = await measure(browser, served.origin, file, 1, started + BUDGET_MS);
  const wasm = fs.statSync(path.join(DIST, 'studio/studio_bg.wasm'));
  console.log(`studio: a keystroke in a question's text with the generated survey open (${questions} questions, ${survey.pages.length} pages)`);
  console.log(
    `Chromium ${browser.version()}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}, ` +
      `studio wasm built ${wasm.mtime.toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(summary(`CPU 4x slower${RUNS > 1 ? ` (${RUNS} runs, pooled)` : ''}`, throttled));
  if (RUNS > 1) console.log(`  p95 of each run (painted): ${runs.map((r) => p95(r).toFixed(1)).join(', ')} ms`);
  console.log(summary('no throttling', plain));
  if (throttled.length < KEYS * RUNS || plain.length < KEYS) console.log(`(time budget spent: fewer than ${KEYS} keystrokes in a row)`);
} catch (error) {
  console.error(`bench/studio: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  server?.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
}
