#!/usr/bin/env node
// Where the time goes when a respondent answers on the 1 000-question survey:
//
//   node bench/compare/profile.mjs [--dist DIR] [--clicks 20] [--cpu 4]
//
// Serves DIR (default dist/, a release build; for function names build one whose wasm keeps its
// name section) and the generated survey through the collector on 127.0.0.1, opens it in headless
// Chromium with CPU throttling, starts the survey, then records a DevTools CPU profile while
// answering p0q0 'a' (shows p0q8) and 'b' (hides it) in turn, each click timed from the click
// event to the next animation frame after the change. Prints the latencies and the functions with
// the most self time (JavaScript and wasm).
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { definition } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const DIST = path.resolve(arg('dist', path.join(ROOT, 'dist')));
const CLICKS = Number(arg('clicks', 20));
const CPU = Number(arg('cpu', 4));
const BIN = path.join(ROOT, 'target/debug/speaksafe');

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'speaksafe-profile-'));
fs.mkdirSync(path.join(TMP, 'surveys'));
const def = definition(50);
fs.writeFileSync(path.join(TMP, 'surveys', `${def.id}.json`), JSON.stringify(def));
execFileSync(BIN, ['keygen', '--out', path.join(TMP, 'k')], { stdio: 'ignore' });
const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const collector = spawn(BIN, ['serve', '--db', path.join(TMP, 'db'), '--surveys', path.join(TMP, 'surveys'), '--static', DIST,
  '--listen', `127.0.0.1:${port}`, '--public-key', path.join(TMP, 'k.pub')], { stdio: 'ignore' });
const stop = () => {
  if (collector.exitCode === null) collector.kill('SIGKILL');
  fs.rmSync(TMP, { recursive: true, force: true });
};
process.on('exit', stop);
await new Promise((r) => setTimeout(r, 500));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 412, height: 915 } });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`http://127.0.0.1:${port}/?survey=${def.id}`);
  await page.click('.ss-button--start');
  await page.waitForSelector('input[name="p0q0"]');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  if (process.argv.includes('--trace')) {
    // One timeline trace of a single 'a' click: what the renderer's main thread did, and when.
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
    // Warm: the first clicks also compile the wasm functions they reach.
    for (let i = 0; i < 6; i++) {
      await page.click(`label[for="q-p0q0${i % 2 ? '' : '-b'}"]`);
      await page.waitForTimeout(100);
    }
    await page.click('label[for="q-p0q0-b"]');
    await page.waitForTimeout(300);
    await page.click('label[for="q-p0q0"]');
    await page.waitForTimeout(500);
    await cdp.send('Tracing.end');
    await done;
    const main = events.filter((e) => e.ph === 'X' && e.dur > 50 && e.tid === events.find((x) => x.name === 'EventDispatch')?.tid);
    const t0 = Math.max(...main.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerdown').map((e) => e.ts));
    for (const e of main.filter((e) => e.ts >= t0 - 1000).sort((a, b) => a.ts - b.ts).slice(0, 80)) {
      console.log(`${((e.ts - t0) / 1000).toFixed(2).padStart(8)} ms  ${(e.dur / 1000).toFixed(2).padStart(7)} ms  ${e.name} ${e.args?.data?.type ?? e.args?.data?.functionName ?? ''}`);
    }
    process.exit(0);
  }
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const times = [];
  for (let i = 0; i < CLICKS; i++) {
    const value = i % 2 ? 'b' : 'a';
    const t = page.evaluate(
      (shows) =>
        new Promise((resolve) => {
          addEventListener(
            'click',
            (e) => {
              const t0 = e.timeStamp;
              const mo = new MutationObserver(() => {
                const present = !!document.querySelector('[name="p0q8"]');
                if (present === shows) {
                  mo.disconnect();
                  const dom = performance.now() - t0;
                  requestAnimationFrame(() => resolve({ dom, paint: performance.now() - t0 }));
                }
              });
              mo.observe(document.body, { childList: true, subtree: true });
            },
            { capture: true, once: true },
          );
        }),
      value === 'a',
    );
    await page.click(`label[for="q-p0q0${value === 'a' ? '' : '-b'}"]`);
    times.push({ value, ...(await t) });
    await page.waitForTimeout(150);
  }
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
  });
  const idle = [...self.entries()].filter(([k]) => /^\((idle|program|garbage collector)\)/.test(k));
  const busy = [...self.entries()].filter(([k]) => !/^\(idle\)/.test(k));
  const total = busy.reduce((a, [, v]) => a + v, 0);
  const q = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  for (const what of ['dom', 'paint']) {
    const xs = times.map((t) => t[what]);
    console.log(`${what}: p50 ${q(xs, 0.5).toFixed(1)} ms, p95 ${q(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${CPU}x CPU, ${xs.length} clicks)`);
  }
  console.log(`busy ${total.toFixed(0)} ms in the profile; ${idle.map(([k, v]) => `${k.split('  ')[0]} ${v.toFixed(0)} ms`).join(', ')}`);
  const app = busy.filter(([k]) => /speaksafe(_bg\.wasm|\.js)/.test(k));
  console.log(`in speaksafe's wasm and its glue: ${app.reduce((a, [, v]) => a + v, 0).toFixed(0)} ms self time`);
  const shown = process.argv.includes('--app') ? app : busy;
  for (const [k, v] of shown.sort((a, b) => b[1] - a[1]).slice(0, Number(arg('top', 30)))) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
} finally {
  await browser.close();
  stop();
}
