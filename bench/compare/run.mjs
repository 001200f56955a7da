#!/usr/bin/env node
// speaksafe and SurveyJS side by side, in one command:
//
//   node bench/compare/run.mjs [--runs 10] [--big-runs 5] [--samples 20] [--no-big] [--budget 1200]
//                              [--dist DIR] [--out FILE]
//
// Needs: the release build in dist/ (`trunk build --release --offline`), the collector binary
// (target/debug/speaksafe), `npm install` in bench/compare (survey-core + survey-js-ui 2.5.38),
// and Chromium at /usr/bin/chromium. Serves only on 127.0.0.1, stops its servers at the end, and
// stops by itself once --budget seconds are spent (printing what it measured so far).
//
// What it does:
// - converts each example survey (surveys/*.json) and a generated survey of 1 000 questions and
//   500 conditions (generate.mjs, as bench/engine) to SurveyJS JSON (convert.mjs);
// - speaksafe: the collector serves the widget (a copy of dist/ taken at start) and the surveys,
//   with its real headers; SurveyJS: a page with survey-core + survey-js-ui UMD bundles and the
//   default theme CSS, copied from node_modules. BOTH are put behind the same gzip front of
//   ours, which asks the collector for uncompressed answers (gzip level 6 for every compressible response,
//   wasm included; the collector's headers are passed through; Cache-Control: no-store on all);
// - drives both in headless Chromium, alternating A B A B, a fresh browser context each run,
//   with 4x CPU throttling and slow 4G (150 ms, 1.6 Mbps down, 750 kbps up), and measures
//   first-load transfer, time to the first question being interactive, answer->paint latency
//   (1 000-question survey), JS heap + wasm memory;
// - writes bench/RESULTS.md.

import { spawn, execFileSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { convert } from './convert.mjs';
import { memory } from './memory.mjs';
import { definition as bigDefinition, countConditions } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const flag = (name) => process.argv.includes(`--${name}`);
const RUNS = arg('runs', 10);
const BIG_RUNS = arg('big-runs', 5);
const SAMPLES = arg('samples', 20);
const BUDGET_MS = arg('budget', 1200) * 1000;
const SMOKE = flag('smoke'); // one run each, for checking the harness
const NO_BIG = flag('no-big');
const CPU_RATE = 4;
const NET = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };
const started = Date.now();
const overBudget = () => Date.now() - started > BUDGET_MS;
const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s]`, ...a);

const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch {}
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanup().then(() => process.exit(130)));

// --- preparation ------------------------------------------------------------------------------

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'speaksafe-compare-'));
cleanups.push(() => fs.rmSync(TMP, { recursive: true, force: true }));

const BIN = path.join(ROOT, 'target/debug/speaksafe');
// --dist DIR: another build of the widget (an earlier one, to compare before and after).
const distArg = process.argv.indexOf('--dist');
const DIST = distArg > 0 ? path.resolve(process.argv[distArg + 1]) : path.join(ROOT, 'dist');
const SJ = path.join(HERE, 'node_modules');
for (const [p, what] of [
  [path.join(DIST, 'widget_bg.wasm'), 'the release build (trunk build --release --offline)'],
  [BIN, 'the collector (cargo build -p speaksafe-collector)'],
  [path.join(SJ, 'survey-core/survey.core.min.js'), 'survey-core (cd bench/compare && npm install)'],
  [path.join(SJ, 'survey-js-ui/survey-js-ui.min.js'), 'survey-js-ui (cd bench/compare && npm install)'],
]) {
  if (!fs.existsSync(p)) {
    console.error(`missing ${p}: build or install ${what} first`);
    process.exit(2);
  }
}

// A copy of dist/: others may rebuild it while we run.
const STATIC = path.join(TMP, 'dist');
fs.cpSync(DIST, STATIC, { recursive: true });
fs.rmSync(path.join(STATIC, 'surveys'), { recursive: true, force: true });
const wasmBytes = fs.statSync(path.join(STATIC, 'widget_bg.wasm')).size;
const wasmGzip = zlib.gzipSync(fs.readFileSync(path.join(STATIC, 'widget_bg.wasm')), { level: 6 }).length;
const wasmMtime = fs.statSync(path.join(DIST, 'widget_bg.wasm')).mtime.toISOString();

const SURVEYS = path.join(TMP, 'surveys');
fs.mkdirSync(SURVEYS);
const surveys = [];
for (const name of ['survivor-consultation', 'youth-voice']) {
  const def = JSON.parse(fs.readFileSync(path.join(ROOT, 'surveys', `${name}.json`), 'utf8'));
  surveys.push({ id: def.id, label: `${name} (example)`, def, big: false });
}
if (!NO_BIG) {
  const def = bigDefinition(50);
  surveys.push({ id: def.id, label: 'generated: 1 000 questions, 500 conditions', def, big: true });
}
for (const s of surveys) {
  const file = path.join(SURVEYS, `${s.id}.json`);
  fs.writeFileSync(file, JSON.stringify(s.def, null, 1));
  execFileSync(BIN, ['check', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  s.questions = s.def.pages.reduce((n, p) => n + p.questions.filter((q) => q.kind !== 'info').length, 0);
  s.conditions = countConditions(s.def);
  s.surveyjs = convert(s.def);
}
execFileSync(BIN, ['keygen', '--out', path.join(TMP, 'k')], { stdio: 'ignore' });

// The SurveyJS page: UMD bundles and the default theme, next to the page; the definition is
// fetched as speaksafe fetches its own (same origin, no-store).
const SJDIR = path.join(TMP, 'surveyjs');
fs.mkdirSync(path.join(SJDIR, 'surveys'), { recursive: true });
fs.copyFileSync(path.join(SJ, 'survey-core/survey.core.min.js'), path.join(SJDIR, 'survey.core.min.js'));
fs.copyFileSync(path.join(SJ, 'survey-js-ui/survey-js-ui.min.js'), path.join(SJDIR, 'survey-js-ui.min.js'));
// The default theme without its web font: survey-core.min.css fetches Open Sans from Google
// Fonts, which this bench must not reach (and speaksafe uses the system's fonts too).
fs.copyFileSync(path.join(SJ, 'survey-core/survey-core.fontless.min.css'), path.join(SJDIR, 'survey-core.min.css'));
fs.writeFileSync(
  path.join(SJDIR, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Survey</title>
  <link rel="stylesheet" href="survey-core.min.css">
  <script src="survey.core.min.js" defer></script>
  <script src="survey-js-ui.min.js" defer></script>
  <script src="app.js" defer></script>
</head>
<body>
  <div id="surveyElement"></div>
</body>
</html>
`,
);
fs.writeFileSync(
  path.join(SJDIR, 'app.js'),
  `(async () => {
  const id = new URLSearchParams(location.search).get('survey') || 'survivor-consultation';
  const response = await fetch('surveys/' + id + '.json', { cache: 'no-store' });
  const json = await response.json();
  const survey = new Survey.Model(json);
  window.__survey = survey;
  SurveyUI.renderSurvey(survey, document.getElementById('surveyElement'));
})();
`,
);
for (const s of surveys) fs.writeFileSync(path.join(SJDIR, 'surveys', `${s.id}.json`), JSON.stringify(s.surveyjs));

// --- servers ----------------------------------------------------------------------------------

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const collectorPort = await freePort();
const collector = spawn(
  BIN,
  ['serve', '--db', path.join(TMP, 'responses.db'), '--surveys', SURVEYS, '--static', STATIC, '--listen', `127.0.0.1:${collectorPort}`, '--public-key', path.join(TMP, 'k.pub')],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
// Whatever happens (a signal mid-cleanup, a crash), the collector does not outlive us.
process.on('exit', () => {
  if (collector.exitCode === null) collector.kill('SIGKILL');
  fs.rmSync(TMP, { recursive: true, force: true });
});
let collectorOut = '';
collector.stdout.on('data', (d) => (collectorOut += d));
collector.stderr.on('data', (d) => (collectorOut += d));
cleanups.push(
  () =>
    new Promise((resolve) => {
      if (collector.exitCode !== null) return resolve();
      collector.once('exit', resolve);
      collector.kill('SIGTERM');
      setTimeout(() => {
        if (collector.exitCode === null) collector.kill('SIGKILL');
        resolve();
      }, 12_000);
    }),
);

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm|xml)|image\/svg)/;
const gzipCache = new Map();
function gzipped(body) {
  const key = createHash('sha1').update(body).digest('hex');
  let z = gzipCache.get(key);
  if (!z) gzipCache.set(key, (z = zlib.gzipSync(body, { level: 6 })));
  return z;
}
function sendBody(req, res, status, headers, body) {
  const type = String(headers['content-type'] ?? '');
  const h = { ...headers };
  delete h['content-length'];
  delete h['transfer-encoding'];
  delete h['connection'];
  delete h['keep-alive'];
  h['cache-control'] = 'no-store';
  if (req.method !== 'HEAD' && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && body.length > 0) {
    body = gzipped(body);
    h['content-encoding'] = 'gzip';
    h['vary'] = 'Accept-Encoding';
  }
  h['content-length'] = body.length;
  res.writeHead(status, h);
  res.end(req.method === 'HEAD' ? undefined : body);
}

// Front of the collector: passes every request through, gzips the answer.
function collectorFront() {
  return createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers, host: `127.0.0.1:${collectorPort}` };
      delete headers['accept-encoding'];
      const up = httpRequest({ host: '127.0.0.1', port: collectorPort, method: req.method, path: req.url, headers }, (r) => {
        const body = [];
        r.on('data', (c) => body.push(c));
        r.on('end', () => sendBody(req, res, r.statusCode, r.headers, Buffer.concat(body)));
      });
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      up.end(Buffer.concat(chunks));
    });
  });
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8' };
function staticFront(root) {
  return createServer((req, res) => {
    let p;
    try {
      p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      p = '/';
    }
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.posix.normalize(p));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return sendBody(req, res, 404, { 'content-type': 'text/plain; charset=utf-8' }, Buffer.from('Not Found\n'));
    }
    sendBody(req, res, 200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' }, fs.readFileSync(file));
  });
}

const listen = (server) =>
  new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
    cleanups.push(
      () =>
        new Promise((r) => {
          server.closeAllConnections?.();
          server.close(() => r());
        }),
    );
  });

// Wait for the collector.
for (let i = 0; ; i++) {
  try {
    const ok = await new Promise((resolve) => {
      const r = httpRequest({ host: '127.0.0.1', port: collectorPort, path: '/', method: 'HEAD' }, (res) => resolve(res.statusCode === 200));
      r.on('error', () => resolve(false));
      r.end();
    });
    if (ok) break;
  } catch {}
  if (i > 100 || collector.exitCode !== null) {
    console.error(`the collector did not start:\n${collectorOut}`);
    await cleanup();
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}
const SS_ORIGIN = await listen(collectorFront());
const SJ_ORIGIN = await listen(staticFront(SJDIR));
log(`collector on 127.0.0.1:${collectorPort} (gzip front ${SS_ORIGIN}); SurveyJS page on ${SJ_ORIGIN}`);

// --- the in-page probes -----------------------------------------------------------------------

// Runs at document start. Times (performance.now(), i.e. ms since navigation start): when the
// intro's Start button is present and enabled (clicked at once, from a task), and when the first
// input of the first question page is present and enabled. Reports through a DevTools binding.
function probe(sel) {
  const t = { intro: null, exitLive: null, startSeen: null, startClicked: null, first: null };
  let sent = false;
  const enabled = (el) => el && !el.disabled && el.isConnected;
  const shown = (el) => !!el && el.isConnected && (el.textContent ?? '').trim() !== '' && el.getClientRects().length > 0;
  // Exit live: the first keydown listener registered by speaksafe's own code: exit.js (inline
  // on the collector's first screen: known by the handover it defines once armed) or the widget
  // (known by its JS glue in the stack). SurveyJS has no quick exit; its listeners never count.
  const exitScript = sel.exitScript ? new RegExp(sel.exitScript) : null;
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (t.exitLive === null && type === 'keydown' && exitScript) {
      const at = performance.now();
      if (exitScript.test(new Error().stack ?? '')) t.exitLive = at;
      // After the registering script has run to its end.
      else queueMicrotask(() => window[sel.exitMarker] && armedAt === null && ((armedAt = at), check()));
    }
    return add.call(this, type, listener, options);
  };
  let introPending = false;
  // exit.js leaves for the address in the first screen's link: live once both are there.
  let armedAt = null;
  const check = () => {
    if (t.exitLive === null && armedAt !== null && document.querySelector(sel.exitLink)) {
      t.exitLive = Math.max(armedAt, performance.now());
    }
    // Intro readable: the survey's title and the intro's first paragraph in the page and laid
    // out, at the first animation frame after that (the frame that paints them).
    if (t.intro === null && !introPending && shown(document.querySelector(sel.title)) && shown(document.querySelector(sel.intro))) {
      introPending = true;
      requestAnimationFrame(() => (t.intro = performance.now()));
    }
    if (t.startSeen === null) {
      const b = document.querySelector(sel.start);
      if (enabled(b)) {
        t.startSeen = performance.now();
        setTimeout(() => {
          t.startClicked = performance.now();
          b.click();
        }, 0);
      }
      return;
    }
    if (t.first === null && t.startClicked !== null) {
      const input = document.querySelector(sel.first);
      if (enabled(input)) {
        t.first = performance.now();
        if (!sent) {
          sent = true;
          mo.disconnect();
          window.__benchReport(JSON.stringify(t));
        }
      }
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'class', 'hidden', 'style'] });

  // Answer -> paint: armed from the harness before each click. The time runs from the click
  // event (its timeStamp, the input's own time) to the first animation frame after the question
  // that the answer shows or hides has appeared or gone.
  let lat = null;
  window.__benchArm = (dependent, expectPresent) => {
    lat = { t0: null, dependent, expectPresent, done: null };
    const mine = lat;
    // Not done in 10 s (the click missed, or nothing changed): no sample.
    setTimeout(() => {
      if (lat === mine && mine.done === null) {
        mine.watch?.disconnect();
        lat = null;
        mine.resolve(null);
      }
    }, 10_000);
    return new Promise((resolve) => (mine.resolve = resolve));
  };
  addEventListener(
    'click',
    (e) => {
      if (lat && lat.t0 === null) {
        lat.t0 = e.timeStamp;
        const watch = new MutationObserver(() => {
          // Shown = in the DOM and rendered (SurveyJS keeps a hidden question's element).
          const el = document.querySelector(lat.dependent);
          const present = !!el && el.getClientRects().length > 0;
          if (present === lat.expectPresent && lat.done === null) {
            lat.done = performance.now();
            watch.disconnect();
            requestAnimationFrame(() => {
              const frame = performance.now();
              const r = lat;
              lat = null;
              r.resolve({ dom: r.done - r.t0, paint: frame - r.t0 });
            });
          }
        });
        lat.watch = watch;
        watch.observe(document.body, { childList: true, subtree: true, attributes: true });
      }
    },
    true,
  );
}

const SYSTEMS = {
  speaksafe: {
    origin: () => SS_ORIGIN,
    url: (s) => `${SS_ORIGIN}/?survey=${s.id}`,
    sel: {
      start: '.ss-button--start',
      first: 'form :is(input:not([type=hidden]), select, textarea)',
      title: 'main h1',
      intro: 'main h1 + p',
      exitScript: '/speaksafe\\.js',
      exitMarker: 'speaksafeFirstExit',
      exitLink: '#ss-first-exit',
    },
    dependent: (qid) => `[name="${qid}"]`,
    option: (qid, value) => `input[name="${qid}"][value="${value}"]`,
  },
  surveyjs: {
    origin: () => SJ_ORIGIN,
    url: (s) => `${SJ_ORIGIN}/?survey=${s.id}`,
    sel: {
      start: '.sd-navigation__start-btn',
      first: '.sd-question :is(input:not([type=hidden]), select, textarea)',
      title: '.sd-html h2',
      intro: '.sd-html h2 + p',
      exitScript: null,
    },
    dependent: (qid) => `[data-name="${qid}"]`,
    option: (qid, value) => `[data-name="${qid}"] input[value="${value}"]`,
  },
};

// Answers every question on the current page that has no answer yet, with its first option
// (radios, tick boxes, matrix rows, SurveyJS's boolean switch); twice, so that a question that
// an answer showed is answered too. Text fields are left empty (everything is optional).
const ANSWER_PAGE = `(async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  for (let pass = 0; pass < 3; pass++) {
    const groups = new Map();
    for (const el of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
      if (el.disabled) continue;
      // Radios group by name; tick boxes by their fieldset (SurveyJS names each box apart).
      const key = el.type === 'checkbox' ? (el.closest('fieldset') ?? el.name) : el.name;
      if (!key) continue;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(el);
    }
    let clicked = 0;
    for (const inputs of groups.values()) {
      if (inputs.some((i) => i.checked)) continue;
      inputs[0].click();
      clicked++;
    }
    await frame();
    if (!clicked) break;
  }
})()`;

// What screen speaksafe shows (a content note and its page share a heading).
const SS_SCREEN = () =>
  [document.getElementById('ss-heading')?.textContent, !!document.querySelector('form button[type="submit"]'), !!document.querySelector('main .ss-button-group > .ss-button--secondary'), !!document.querySelector('dl.ss-summary-list')].join('|');

async function walkSpeaksafe(page) {
  for (let step = 0; step < 60; step++) {
    const heading = (await page.locator('#ss-heading').textContent({ timeout: 20_000 })) ?? '';
    const screen = await page.evaluate(SS_SCREEN);
    if (await page.locator('.ss-button--start').count()) {
      await page.locator('.ss-button--start').click();
    } else if (await page.locator('form button[type="submit"]').count()) {
      await page.evaluate(ANSWER_PAGE);
      await page.locator('form button[type="submit"]').click();
    } else if (await page.locator('main .ss-button-group > .ss-button--secondary').count()) {
      await page.locator('main .ss-button-group > .ss-button:not(.ss-button--secondary)').click();
    } else if (await page.locator('dl.ss-summary-list').count()) {
      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      await page.waitForFunction(() => !document.querySelector('dl.ss-summary-list'), null, { timeout: 30_000 });
      return true;
    } else {
      throw new Error(`speaksafe: do not know what to do on "${heading}"`);
    }
    await page.waitForFunction(`(${SS_SCREEN})() !== ${JSON.stringify(screen)}`, null, { timeout: 10_000 });
  }
  throw new Error('speaksafe: did not finish');
}

async function walkSurveyjs(page) {
  for (let step = 0; step < 60; step++) {
    if (await page.locator('.sd-completedpage').count()) return true;
    await page.evaluate(ANSWER_PAGE);
    const buttons = page.locator('.sd-navigation__start-btn, .sd-navigation__next-btn, .sd-navigation__preview-btn, .sd-navigation__complete-btn').filter({ visible: true });
    if (!(await buttons.count())) throw new Error('surveyjs: no navigation button');
    const before = await page.evaluate(() => window.__survey.currentPageNo + ':' + window.__survey.state + ':' + window.__survey.isShowingPreview);
    await buttons.first().click();
    await page.waitForFunction(
      (b) => window.__survey.currentPageNo + ':' + window.__survey.state + ':' + window.__survey.isShowingPreview !== b,
      before,
      { timeout: 10_000 },
    );
  }
  throw new Error('surveyjs: did not finish');
}

// --- one run ----------------------------------------------------------------------------------

let browser;
let browserVersion = '?';
async function oneRun(system, survey) {
  const sys = SYSTEMS[system];
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 1 });
  try {
    // Nothing but 127.0.0.1: anything else is refused (and reported).
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith(sys.origin()) && !r.url().startsWith('data:')) errors.push(`request to ${r.url()}`);
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Performance.enable');
    const bytes = { total: 0, byUrl: {}, doneAt: {} };
    const urls = new Map();
    let navAt = null;
    cdp.on('Network.requestWillBeSent', (e) => {
      if (navAt === null) navAt = e.timestamp;
    });
    cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
    cdp.on('Network.loadingFinished', (e) => {
      bytes.total += e.encodedDataLength;
      const u = (urls.get(e.requestId) ?? '?').replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
      bytes.byUrl[u] = (bytes.byUrl[u] ?? 0) + e.encodedDataLength;
      if (navAt !== null) bytes.doneAt[u] = (e.timestamp - navAt) * 1000;
    });
    let report;
    const reported = new Promise((resolve) => (report = resolve));
    await page.exposeBinding('__benchReport', (_src, json) => report(JSON.parse(json)));
    await page.addInitScript(probe, sys.sel);
    if (!SMOKE || flag('throttle')) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
      await cdp.send('Network.emulateNetworkConditions', NET);
    }
    await page.goto(sys.url(survey), { waitUntil: 'commit' });
    const times = await Promise.race([reported, new Promise((_, rej) => setTimeout(() => rej(new Error(`no first question in 90 s${errors.length ? `: ${errors.join('; ')}` : ''}`)), 90_000))]);
    await page.waitForTimeout(1000); // stragglers (the icon, a late request)
    const transfer = { total: bytes.total, byUrl: { ...bytes.byUrl }, doneAt: { ...bytes.doneAt } };

    const result = { system, survey: survey.id, times, transfer, errors };
    if (survey.big) {
      // Answer -> paint on page 1: p0q0 = 'a' shows p0q8, anything else hides it.
      const lat = [];
      const dom = [];
      const clickOption = async (value) => {
        const sel = sys.option('p0q0', value);
        const box = await page.evaluate((s) => {
          const input = document.querySelector(s);
          if (!input) return null;
          const target = input.closest('label') ?? document.querySelector(`label[for="${input.id}"]`) ?? input;
          for (const old of document.querySelectorAll('[data-bench-target]')) old.removeAttribute('data-bench-target');
          target.setAttribute('data-bench-target', '');
          target.scrollIntoView({ block: 'center' });
          return true;
        }, sel);
        if (!box) throw new Error(`${system}: no ${sel}`);
        await page.waitForTimeout(250);
        return box;
      };
      const shown = (d) => {
        const el = document.querySelector(d);
        return !!el && el.getClientRects().length > 0;
      };
      for (let i = 0; i < SAMPLES && !overBudget(); i++) {
        // Timed: 'a', which shows p0q8. Untimed between: 'b', which hides it again (SurveyJS
        // animates the hiding and removes the element afterwards; we wait for it to be gone).
        let box = await clickOption('a');
        const measured = page.evaluate(([d]) => window.__benchArm(d, true), [sys.dependent('p0q8')]);
        // Playwright's click: waits until the label is stable and would receive the click, then
        // a real mouse press and release (DevTools Input) at its centre.
        await page.click('[data-bench-target]', { timeout: 15_000 });
        const m = await measured;
        if (process.env.BENCH_DEBUG) log(`  sample ${i}: ${JSON.stringify(m)} at ${JSON.stringify(box)}`);
        if (m) {
          lat.push(m.paint);
          dom.push(m.dom);
        }
        box = await clickOption('b');
        await page.click('[data-bench-target]', { timeout: 15_000 });
        await page.waitForFunction(`!(${shown})(${JSON.stringify(sys.dependent('p0q8'))})`, null, { timeout: 15_000, polling: 100 }).catch(() => {});
      }
      result.latency = lat;
      result.domLatency = dom;
      result.memoryAt = `after ${lat.length} show/hide answer pairs on the first page (not after completing: 50 pages)`;
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      result.memory = await memory(cdp);
    } else {
      // Complete the survey (unthrottled: memory does not depend on the throttling).
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      try {
        if (system === 'speaksafe') await walkSpeaksafe(page);
        else await walkSurveyjs(page);
      } catch (e) {
        if (process.env.BENCH_DEBUG) {
          await page.screenshot({ path: path.join(os.tmpdir(), `bench-${system}-${survey.id}.png`), fullPage: true });
          console.log(await page.evaluate(() => document.body.innerText.slice(0, 3000)));
        }
        throw e;
      }
      result.memoryAt = 'after completing the survey';
      result.memory = await memory(cdp);
    }
    return result;
  } finally {
    await context.close();
  }
}

// --- statistics and the report ----------------------------------------------------------------

const quantile = (xs, q) => {
  const s = [...xs].filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};
const median = (xs) => quantile(xs, 0.5);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b) => `${(b / 1048576).toFixed(2)} MB`;
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
const ms1 = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b ? `${(a / b).toFixed(2)}` : 'n/a');

function table(survey, rs) {
  const by = (sys) => rs.filter((r) => r.system === sys && r.survey === survey.id);
  const A = by('speaksafe');
  const B = by('surveyjs');
  const rows = [];
  const row = (what, f, fmt, withP95 = false) => {
    const a = A.map(f);
    const b = B.map(f);
    rows.push(`| ${what} (median) | ${fmt(median(a))} | ${fmt(median(b))} | ${ratio(median(a), median(b))} |`);
    if (withP95) rows.push(`| ${what} (p95) | ${fmt(quantile(a, 0.95))} | ${fmt(quantile(b, 0.95))} | ${ratio(quantile(a, 0.95), quantile(b, 0.95))} |`);
  };
  row('first-load transfer, bytes over the wire (gzip)', (r) => r.transfer.total, kb);
  row('intro readable (title and intro painted)', (r) => r.times.intro, ms, true);
  rows.push(`| exit live (Escape leaves) (median) | ${ms(median(A.map((r) => r.times.exitLive)))} | not available | n/a |`);
  rows.push(`| exit live (Escape leaves) (p95) | ${ms(quantile(A.map((r) => r.times.exitLive), 0.95))} | not available | n/a |`);
  row('intro interactive (Start button present and enabled)', (r) => r.times.startSeen, ms, true);
  row('first question interactive (navigation → Start → first input enabled)', (r) => r.times.first, ms, true);
  if (survey.big) {
    const lat = (rsys) => rsys.flatMap((r) => r.latency ?? []);
    const a = lat(A);
    const b = lat(B);
    rows.push(`| answer → paint, p50 (${a.length} / ${b.length} answers) | ${ms1(median(a))} | ${ms1(median(b))} | ${ratio(median(a), median(b))} |`);
    rows.push(`| answer → paint, p95 | ${ms1(quantile(a, 0.95))} | ${ms1(quantile(b, 0.95))} | ${ratio(quantile(a, 0.95), quantile(b, 0.95))} |`);
    // The part of it before the frame: the click handled and the question in the DOM.
    const d = (rsys) => rsys.flatMap((r) => r.domLatency ?? []);
    const [da, db] = [d(A), d(B)];
    rows.push(`| answer → question in the DOM, p50 | ${ms1(median(da))} | ${ms1(median(db))} | ${ratio(median(da), median(db))} |`);
    rows.push(`| answer → question in the DOM, p95 | ${ms1(quantile(da, 0.95))} | ${ms1(quantile(db, 0.95))} | ${ratio(quantile(da, 0.95), quantile(db, 0.95))} |`);
  }
  row('JS heap (V8 used, after GC)', (r) => r.memory?.jsHeap, mb);
  row('wasm memory (WebAssembly.Memory buffers)', (r) => r.memory?.wasm, mb);
  row('JS heap + wasm memory', (r) => (r.memory ? r.memory.jsHeap + r.memory.wasm : NaN), mb);
  row('DOM nodes', (r) => r.memory?.nodes, (x) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a'));
  const breakdown = (runs) => {
    if (!runs.length) return '';
    const urls = Object.keys(runs[0].transfer.byUrl);
    return urls
      .map((u) => `${u} ${kb(median(runs.map((r) => r.transfer.byUrl[u] ?? 0)))} (done at ${ms(median(runs.map((r) => r.transfer.doneAt?.[u])))})`)
      .join(', ');
  };
  return [
    `### ${survey.label}`,
    '',
    `${survey.questions} questions, ${survey.conditions} conditions, ${survey.def.pages.length} pages. Runs: speaksafe ${A.length}, SurveyJS ${B.length}${survey.big ? `; memory ${A[0]?.memoryAt ?? ''}` : '; memory after completing the survey (first option of every choice question, text left empty, submitted)'}.`,
    '',
    '| measure | speaksafe | SurveyJS | speaksafe / SurveyJS |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    `Transfer by file (median; "done at": when its last byte arrived, from the first request of the navigation): speaksafe: ${breakdown(A)}.`,
    `SurveyJS: ${breakdown(B)}.`,
    '',
  ].join('\n');
}

// --- main -------------------------------------------------------------------------------------

const loadavg = os.loadavg().map((x) => x.toFixed(2)).join(' ');
const cpuModel = os.cpus()[0]?.model ?? 'unknown';
const nproc = execFileSync('nproc').toString().trim();
const results = [];
const failures = [];
let exitCode = 0;
try {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  cleanups.push(() => browser.close());
  browserVersion = browser.version();
  for (const survey of surveys.filter((s) => !process.env.BENCH_SURVEY || s.id === process.env.BENCH_SURVEY)) {
    const n = SMOKE ? 1 : survey.big ? BIG_RUNS : RUNS;
    for (let i = 0; i < n && !overBudget(); i++) {
      for (const system of ['speaksafe', 'surveyjs'].filter((x) => !process.env.BENCH_ONLY || x === process.env.BENCH_ONLY)) {
        if (overBudget()) break;
        try {
          const r = await oneRun(system, survey);
          results.push(r);
          log(
            `${survey.id} ${system} #${i + 1}: ${kb(r.transfer.total)}, intro ${ms(r.times.intro)}, exit ${ms(r.times.exitLive)}, start ${ms(r.times.startSeen)}, first question ${ms(r.times.first)}` +
              (r.latency ? `, answer→paint p50 ${ms1(median(r.latency))} p95 ${ms1(quantile(r.latency, 0.95))}` : '') +
              `, heap ${mb(r.memory.jsHeap)} + wasm ${mb(r.memory.wasm)}` +
              (r.errors.length ? `, ERRORS: ${r.errors.join('; ')}` : ''),
          );
        } catch (e) {
          failures.push(`${survey.id} ${system} #${i + 1}: ${e.message.split('\n')[0]}`);
          log(`${survey.id} ${system} #${i + 1} FAILED: ${e.message.split('\n')[0]}`);
        }
      }
    }
  }
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await cleanup();
}

const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const md = [
  '# speaksafe and SurveyJS, side by side',
  '',
  `Written by \`node bench/compare/run.mjs\` on ${date}${SMOKE ? ' (SMOKE RUN: one run each, not figures)' : ''}.`,
  '',
  `- Machine: ${nproc} cores, ${cpuModel}, load average at start ${loadavg} (shared with other work while this ran: the figures are noisy).`,
  `- Browser: headless Chromium (${browserVersion}), a fresh context per run, viewport 412x915, HTTP cache disabled; ${CPU_RATE}x CPU throttling and slow 4G (latency ${NET.latency} ms, ${((NET.downloadThroughput * 8) / 1e6).toFixed(2)} Mbps down, ${((NET.uploadThroughput * 8) / 1e3).toFixed(0)} kbps up) through the DevTools protocol.`,
  `- speaksafe: the release build in dist/ (wasm ${kb(wasmBytes)}, ${kb(wasmGzip)} gzip; built ${wasmMtime}), served by the collector (its real headers). SurveyJS: survey-core + survey-js-ui 2.5.38 (UMD .min.js bundles) and the default theme without its web font (survey-core.fontless.min.css: survey-core.min.css would fetch Open Sans from Google Fonts, which this bench may not reach; speaksafe uses system fonts too), on a plain page of ours.`,
  '- Both go through the same gzip front of ours (gzip level 6 for text, JS, JSON, wasm, SVG), so that both are measured the same way, in gzip; the front asks the collector for uncompressed answers (the collector itself sends brotli twins of the build to browsers that take them: `bench/size` gives those sizes). `Cache-Control: no-store` on everything. The SurveyJS page has no CSP; the speaksafe page has the collector\'s.',
  '- Runs alternate speaksafe, SurveyJS, speaksafe, SurveyJS, ...',
  '- Transfer: the sum of `encodedDataLength` of `Network.loadingFinished` (bytes over the wire: compressed bodies plus response headers) from navigation until 1 s after the first question was interactive: page, scripts, CSS, wasm, icon, survey definition.',
  '- Intro readable: navigation start to the first animation frame after the survey\'s title and the intro\'s first paragraph are in the page and laid out (speaksafe: the collector\'s first screen, HTML before any script; SurveyJS: its start page). Exit live: navigation start to the first keydown listener registered by speaksafe\'s own scripts (exit.js, inline in the collector\'s first screen, once its link with the exit address is in the page too; else the widget), the moment Escape would leave (the e2e tests press it then); SurveyJS has no quick exit, so not available.',
  '- Intro interactive: navigation start to the intro\'s Start button present and enabled. First question interactive: navigation start to the first input of the first question page present and enabled, where the path is the same for both: load, the intro page (speaksafe\'s own intro; for SurveyJS a start page with the same intro, safety text and help lines, `firstPageIsStarted`), Start clicked from the page as soon as it is there (a task after it appears), the first page rendered. Both load the survey definition with a same-origin fetch.',
  '- Answer → paint (1 000-question survey): a real mouse click (Playwright, DevTools input) on option \'a\' of the first question, which shows a later question (p0q0 = \'a\' shows p0q8); time from the click event\'s timeStamp to the first animation frame after that question is in the DOM and rendered ("in the DOM": to the mutation that shows it, before waiting for that frame; the wait for the next frame, up to 16.7 ms at 60 Hz, is in "paint" and in neither system\'s control). Between timed answers an untimed click on \'b\' hides it again (SurveyJS animates hiding, so only showing is timed). CPU throttled as above.',
  '- Memory: `Runtime.getHeapUsage` usedSize (the page\'s V8 heap) after two forced GCs, plus the byte length of every `WebAssembly.Memory` buffer (found with `Runtime.queryObjects`; speaksafe\'s linear memory, which lives outside the JS heap). DOM buffers, layout and GPU memory are not counted.',
  '',
  ...surveys.map((s) => table(s, results)),
  failures.length ? `Failed runs (left out of the figures): ${failures.join('; ')}.\n` : '',
  ...(results.some((r) => r.errors.length) ? ['Page errors seen: ' + [...new Set(results.flatMap((r) => r.errors))].join('; '), ''] : []),
  '<!-- reading -->',
  '',
];
const RESULTS = path.join(ROOT, 'bench/RESULTS.md');
let reading = '';
if (fs.existsSync(RESULTS)) {
  const old = fs.readFileSync(RESULTS, 'utf8');
  const i = old.indexOf('<!-- reading -->');
  if (i >= 0) reading = old.slice(i + '<!-- reading -->'.length).trimStart();
}
fs.writeFileSync(flag('no-write') ? path.join(os.tmpdir(), 'speaksafe-compare-RESULTS.md') : RESULTS, md.join('\n') + reading);
console.log(md.join('\n'));
process.exit(exitCode);
