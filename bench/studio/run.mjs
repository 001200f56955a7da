#!/usr/bin/env node
// The studio side by side with SurveyJS Creator, the editor organisers would otherwise pick, in
// one command:
//
//   node bench/studio/run.mjs [--runs 3] [--keys 30] [--adds 3] [--budget 1500] [--only SURVEY]
//                             [--dist DIR] [--no-write]
//
// Needs: the release build of the studio in dist/studio/ (`bash scripts/build`), and Chromium at
// /usr/bin/chromium. Installs the Creator itself (scripts/setup-bench: npm ci in bench/studio,
// idempotent). Serves only on 127.0.0.1 and stops its servers at the end; stops by itself once
// --budget seconds are spent, printing what it measured so far. Prints figures; asserts nothing.
// Writes the table into bench/RESULTS.md, between the markers of its section.
//
// What it does, for the survivor consultation, the Youth Voice survey and the generated survey
// of 1 000 questions (bench/compare/generate.mjs), each given to the Creator as the SurveyJS JSON
// that bench/compare/convert.mjs makes of it:
// - the studio: a copy of dist/studio/; the Creator: a page with survey-core, survey-js-ui,
//   survey-creator-core and survey-creator-js (UMD .min.js bundles) and their default CSS
//   without web fonts, a `new SurveyCreator.SurveyCreator()` with the default options, and a
//   file input beside it whose file goes to the Creator's JSON setter. Both behind the same gzip
//   front of ours (level 6 for every compressible answer, wasm included; no-store);
// - headless Chromium, a fresh context per run, runs alternating studio, Creator, studio, ...;
//   the CPU 4x slower through DevTools for everything timed; the network not throttled (an
//   organiser's office line: transfer is counted in bytes);
// - per run: first-load transfer and time to ready; the survey opened from a file; time to the
//   first question's title ready for typing; --keys keystrokes typed into that title; --adds
//   times a question added and the addition undone; memory after GC. Then, apart, the
//   1 000-question survey as a SurveyJS JSON file opened in each (import).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { convert } from '../compare/convert.mjs';
import { definition as bigDefinition } from '../compare/generate.mjs';
import { memory } from '../compare/memory.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', 3));
const KEYS = Number(arg('keys', 30));
const ADDS = Number(arg('adds', 3));
const BUDGET_MS = Number(arg('budget', 1500)) * 1000;
const ONLY = arg('only', null);
const SIDE = arg('side', null); // one side only, for working on the harness
const DIST = path.resolve(arg('dist', path.join(ROOT, 'dist')));
const CPU_RATE = 4;
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
// Stopped by a signal: nothing is written (the runs still under way would fail and be reported).
let stopped = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopped = true;
    cleanup().then(() => process.exit(130));
  });
}

// --- preparation ------------------------------------------------------------------------------

if (!fs.existsSync(path.join(DIST, 'studio/studio_bg.wasm'))) {
  console.error(`no ${DIST}/studio/studio_bg.wasm: run bash scripts/build first`);
  process.exit(2);
}
execFileSync('bash', [path.join(ROOT, 'scripts/setup-bench')], { stdio: 'inherit' });
const NM = path.join(HERE, 'node_modules');
const creatorVersion = JSON.parse(fs.readFileSync(path.join(NM, 'survey-creator-js/package.json'), 'utf8')).version;

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'speaksafe-studio-bench-'));
process.on('exit', () => fs.rmSync(TMP, { recursive: true, force: true }));

// A copy of dist/studio/: others may rebuild it while this runs.
const STUDIO = path.join(TMP, 'studio');
fs.cpSync(path.join(DIST, 'studio'), STUDIO, { recursive: true });
const studioWasm = fs.statSync(path.join(DIST, 'studio/studio_bg.wasm'));

// The Creator's page. Its own files, as shipped; the CSS without the web font that would come
// from Google Fonts (this bench reaches nothing but 127.0.0.1; the studio uses system fonts).
const CREATOR = path.join(TMP, 'creator');
fs.mkdirSync(CREATOR);
const CREATOR_FILES = [
  ['survey-core/survey-core.fontless.min.css', 'survey-core.min.css'],
  ['survey-creator-core/survey-creator-core.fontless.min.css', 'survey-creator-core.min.css'],
  ['survey-core/survey.core.min.js', 'survey.core.min.js'],
  ['survey-js-ui/survey-js-ui.min.js', 'survey-js-ui.min.js'],
  ['survey-creator-core/survey-creator-core.min.js', 'survey-creator-core.min.js'],
  ['survey-creator-js/survey-creator-js.min.js', 'survey-creator-js.min.js'],
];
for (const [from, to] of CREATOR_FILES) fs.copyFileSync(path.join(NM, from), path.join(CREATOR, to));
fs.writeFileSync(
  path.join(CREATOR, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SurveyJS Creator</title>
  <link rel="stylesheet" href="survey-core.min.css">
  <link rel="stylesheet" href="survey-creator-core.min.css">
  <link rel="stylesheet" href="page.css">
  <script src="survey.core.min.js" defer></script>
  <script src="survey-js-ui.min.js" defer></script>
  <script src="survey-creator-core.min.js" defer></script>
  <script src="survey-creator-js.min.js" defer></script>
  <script src="app.js" defer></script>
</head>
<body>
  <p class="open"><label for="open">A survey file</label> <input type="file" id="open" accept=".json,application/json"></p>
  <div id="creator"></div>
</body>
</html>
`,
);
fs.writeFileSync(
  path.join(CREATOR, 'page.css'),
  `html, body { margin: 0; height: 100%; }
*, ::before, ::after { box-sizing: border-box; }
.open { margin: 0; padding: 4px 8px; height: 32px; font: 14px sans-serif; }
#creator { position: fixed; top: 32px; left: 0; right: 0; bottom: 0; }
`,
);
// The Creator with its default options; a file chosen goes to its JSON setter.
fs.writeFileSync(
  path.join(CREATOR, 'app.js'),
  `const creator = new SurveyCreator.SurveyCreator({});
window.__creator = creator;
creator.render(document.getElementById('creator'));
document.getElementById('open').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (file) creator.JSON = JSON.parse(await file.text());
});
`,
);

// The surveys: each as the studio opens it (speaksafe JSON) and as the Creator does (SurveyJS).
const FILES = path.join(TMP, 'files');
fs.mkdirSync(FILES);
const surveys = [];
for (const name of ['survivor-consultation', 'youth-voice']) {
  surveys.push({ label: `${name} (example)`, def: JSON.parse(fs.readFileSync(path.join(ROOT, 'surveys', `${name}.json`), 'utf8')) });
}
surveys.push({ label: 'generated: 1 000 questions, 500 conditions', def: bigDefinition(50), big: true });
for (const s of surveys) {
  s.id = s.def.id;
  s.questions = s.def.pages.reduce((n, p) => n + p.questions.length, 0);
  s.speaksafeFile = path.join(FILES, `${s.id}.speaksafe.json`);
  s.surveyjsFile = path.join(FILES, `${s.id}.surveyjs.json`);
  fs.writeFileSync(s.speaksafeFile, JSON.stringify(s.def, null, 2));
  fs.writeFileSync(s.surveyjsFile, JSON.stringify(convert(s.def), null, 2));
  // The question typed into: the first one on the first page with a title of its own (not an
  // information block), the same question on both sides.
  s.target = s.def.pages[0].questions.findIndex((q) => q.kind !== 'info');
  s.targetId = s.def.pages[0].questions[s.target].id;
}

// --- the front: the same for both -------------------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm|xml)|image\/svg)/;
const gzipCache = new Map();
function gzipped(body) {
  const key = createHash('sha1').update(body).digest('hex');
  if (!gzipCache.has(key)) gzipCache.set(key, zlib.gzipSync(body, { level: 6 }));
  return gzipCache.get(key);
}
// Serves ROOT's files as they are (never a .gz or .br twin of the build), gzipped as above.
function front(root) {
  return createServer((req, res) => {
    let p;
    try {
      p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      p = '/';
    }
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.posix.normalize(p));
    const found = file.startsWith(root + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile();
    const type = found ? (MIME[path.extname(file)] ?? 'application/octet-stream') : 'text/plain; charset=utf-8';
    let body = found ? fs.readFileSync(file) : Buffer.from('Not Found\n');
    const headers = { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = gzipped(body);
      headers['content-encoding'] = 'gzip';
      headers.vary = 'Accept-Encoding';
    }
    headers['content-length'] = body.length;
    res.writeHead(found ? 200 : 404, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
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

// --- the two editors --------------------------------------------------------------------------

const SIDES = {
  studio: {
    name: 'speaksafe studio',
    // The start screen's file input, drawn by the app once its wasm runs.
    ready: '#st-open',
    file: (s) => s.speaksafeFile,
    // After opening, the studio shows the survey's settings; its first page is one click away
    // in the navigation (clicked by the page's probe as soon as it is there).
    thenClick: 'nav[aria-label="Survey parts"] button.st-nav__link',
    thenClickText: '1. ',
    title: (s) => `#f-pages-0-questions-${s.target}-text`,
    // What a keystroke has to reach: the preview beside the form, which draws the survey that
    // the check returned for the whole draft.
    watch: '[aria-label="The survey, as a respondent sees it"]',
  },
  creator: {
    name: `SurveyJS Creator ${creatorVersion}`,
    // The design surface with its toolbox, ready for a survey.
    ready: '.svc-creator .svc-toolbox .svc-toolbox__tool',
    file: (s) => s.surveyjsFile,
    thenClick: null,
    // The question's title on the design surface, edited in place.
    title: (s) => `[data-sv-drop-target-survey-element="${s.targetId}"] .sd-question__title .sv-string-editor[contenteditable="true"]`,
    // What a keystroke reaches: the title being edited (nothing else: see the README).
    watch: null,
  },
};

// Runs at document start. Times from navigation start (performance.now()): the editor ready
// (the frame after its ready element appears), the file chosen (the change event), the first
// question's title ready for typing (the frame after it appears, enabled). Keystroke, add and
// undo timings are armed from the harness.
function probe(sel) {
  const t = { ready: null, change: null, clicked: null, editable: null };
  const frame = (f) => requestAnimationFrame(() => f(performance.now()));
  let readyPending = false;
  let editablePending = false;
  const check = () => {
    if (t.ready === null && !readyPending && document.querySelector(sel.ready)) {
      readyPending = true;
      frame((at) => (t.ready = at));
    }
    if (t.change === null) return;
    if (sel.thenClick && t.clicked === null) {
      const b = [...document.querySelectorAll(sel.thenClick)].find((x) => x.textContent.trim().startsWith(sel.thenClickText));
      if (b) {
        t.clicked = -1;
        setTimeout(() => {
          t.clicked = performance.now();
          b.click();
        }, 0);
      }
      return;
    }
    const title = document.querySelector(sel.title);
    if (t.editable === null && !editablePending && title && !title.disabled && title.getClientRects().length > 0) {
      editablePending = true;
      frame((at) => (t.editable = at));
    }
  };
  addEventListener('change', (e) => t.change === null && e.target.type === 'file' && (t.change = e.timeStamp), true);
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  Object.defineProperty(window, '__benchTimes', { value: t });

  // A keystroke: from the keydown's timeStamp to the frame after the watched element (the
  // studio's preview; for the Creator, the title itself) holds the text the input event left.
  const keys = [];
  Object.defineProperty(window, '__benchKeys', { value: keys });
  let pending = null;
  const text = (s) => (s ?? '').replace(/\u00a0/g, ' ');
  const look = () => {
    if (!pending || pending.text === null) return;
    const watched = sel.watch ? document.querySelector(sel.watch) : pending.target;
    if (!watched || !text(watched.textContent).includes(pending.text)) return;
    const key = pending;
    pending = null;
    const inDom = performance.now() - key.stamp;
    requestAnimationFrame(() => keys.push({ inDom, painted: performance.now() - key.stamp }));
  };
  addEventListener('keydown', (e) => (pending = { stamp: e.timeStamp, text: null, target: e.target }), true);
  addEventListener(
    'input',
    (e) => {
      if (!pending) return;
      pending.text = text('value' in e.target ? e.target.value : e.target.innerText).trimEnd();
      look();
    },
    true,
  );
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });

  // A click that adds or takes away a question: from the click's timeStamp to the frame after
  // the editor shows one question more (want > 0) or one fewer (want < 0). The studio: the
  // question cards of the page. The Creator draws questions lazily, so: its survey holds one
  // question more and the new one's element is on the design surface, or one fewer.
  window.__benchArm = (step) =>
    new Promise((resolve) => {
      const creator = window.__creator;
      const names = () => creator.survey.getAllQuestions().map((q) => q.name);
      const before = creator ? names() : null;
      const studioCount = () => document.querySelectorAll('main section.st-question').length;
      const from = creator ? before.length : studioCount();
      let t0 = null;
      let watch = null;
      const reached = () => {
        if (!creator) return studioCount() === from + step;
        const now = names();
        if (now.length !== from + step) return false;
        if (step < 0) return true;
        const added = now.find((n) => !before.includes(n));
        return !!document.querySelector(`[data-sv-drop-target-survey-element="${added}"]`);
      };
      const done = () => {
        if (t0 === null || !reached()) return;
        const start = t0;
        const dom = performance.now() - start;
        watch?.disconnect();
        t0 = null;
        requestAnimationFrame(() => resolve({ dom, painted: performance.now() - start }));
      };
      addEventListener(
        'click',
        (e) => {
          t0 = e.timeStamp;
          watch = new MutationObserver(done);
          watch.observe(document, { childList: true, subtree: true, attributes: true });
          queueMicrotask(done);
        },
        { capture: true, once: true },
      );
      setTimeout(() => resolve(null), 30_000);
    });

  // The Creator's commit: Enter in a title it edits in place puts the text into its survey.
  // From the keydown to the frame after the survey's question holds `want`.
  // Armed before Enter is pressed; its result is read from __benchCommitted afterwards.
  window.__benchCommit = (name, want) => {
    window.__benchCommitted = new Promise((resolve) => {
      addEventListener(
        'keydown',
        (e) => {
          const t0 = e.timeStamp;
          const poll = () => {
            const title = (window.__creator.survey.getQuestionByName(name)?.title ?? '').replace(/\u00a0/g, ' ');
            if (title.includes(want)) {
              requestAnimationFrame(() => resolve(performance.now() - t0));
            } else setTimeout(poll, 0);
          };
          setTimeout(poll, 0);
        },
        { capture: true, once: true },
      );
      setTimeout(() => resolve(null), 30_000);
    });
  };
}

// --- one run ----------------------------------------------------------------------------------

let browser;
const ORIGINS = {};

async function oneRun(side, survey, { importing = false } = {}) {
  const sel = SIDES[side];
  const selectors = { ready: sel.ready, thenClick: sel.thenClick, thenClickText: sel.thenClickText, title: sel.title(survey), watch: sel.watch };
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  try {
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e).split('\n')[0]));
    page.on('request', (r) => {
      if (!r.url().startsWith(ORIGINS[side]) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) errors.push(`request to ${r.url()}`);
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Performance.enable');
    let bytes = 0;
    const byUrl = {};
    const urls = new Map();
    let counting = true;
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url.startsWith('data:') ? 'data: URLs' : new URL(e.request.url).pathname));
    cdp.on('Network.loadingFinished', (e) => {
      if (!counting) return;
      bytes += e.encodedDataLength;
      const u = urls.get(e.requestId) ?? '?';
      byUrl[u] = (byUrl[u] ?? 0) + e.encodedDataLength;
    });
    await page.addInitScript(probe, selectors);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
    await page.goto(`${ORIGINS[side]}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__benchTimes?.ready !== null, null, { timeout: 120_000, polling: 50 });
    // Stragglers of the first load (the icon, a late request), then the transfer is closed.
    await page.waitForTimeout(1000);
    counting = false;
    const result = { side, survey: survey.id, importing, errors, transfer: bytes, byUrl };
    await page.locator('input[type=file]').first().setInputFiles(importing ? survey.surveyjsFile : sel.file(survey));
    await page.waitForFunction(() => window.__benchTimes?.editable !== null, null, { timeout: 180_000, polling: 100 });
    const t = await page.evaluate(() => ({ ...window.__benchTimes }));
    result.ready = t.ready;
    // From the file chosen to the title ready for typing; time to editable adds it to the time
    // to ready (leaving out how long the harness took to choose the file).
    result.open = t.editable - t.change;
    result.editable = t.ready + result.open;
    if (importing) return result;

    // The title focused, the caret at its end.
    const title = page.locator(selectors.title);
    if (side === 'studio') {
      await page.getByRole('button', { name: 'Go to page' }).click();
      await title.focus();
    } else {
      await title.click();
    }
    await page.keyboard.press('End');
    await page.waitForTimeout(300);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < KEYS && !overBudget(); i++) {
      const before = await page.evaluate(() => window.__benchKeys.length);
      await page.keyboard.press(i % 6 === 5 ? 'Space' : letters[i % 26]);
      await page.waitForFunction((n) => window.__benchKeys.length > n, before, { timeout: 15_000, polling: 100 });
    }
    result.keys = await page.evaluate(() => window.__benchKeys.slice());
    // What the rest of the editor knows of the letters typed, before the title is left.
    const typed = letters.slice(0, 5);
    if (side === 'creator') {
      result.modelHasTyped = await page.evaluate(
        ([id, typed]) => (window.__creator.survey.getQuestionByName(id)?.title ?? '').includes(typed),
        [survey.targetId, typed],
      );
    }

    // The Creator keeps the letters in the title it edits in place until Enter or leaving it:
    // the commit, timed once.
    if (side === 'creator') {
      const typedAll = await title.evaluate((e) => e.innerText.replace(/\u00a0/g, ' ').trimEnd());
      await page.evaluate(([n, w]) => window.__benchCommit(n, w), [survey.targetId, typedAll.slice(-8)]);
      await page.keyboard.press('Enter');
      result.commit = await page.evaluate(() => window.__benchCommitted);
    }

    // Add a question to the first question page, then undo it.
    result.add = [];
    result.undo = [];
    for (let i = 0; i < ADDS && !overBudget(); i++) {
      const added = page.evaluate(() => window.__benchArm(1));
      if (side === 'studio') await page.getByRole('button', { name: 'Add a question' }).click();
      else await page.locator(`.svc-page:has([data-sv-drop-target-survey-element="${survey.targetId}"]) .svc-element__add-new-question`).first().click();
      const a = await added;
      await page.waitForTimeout(300);
      const undone = page.evaluate(() => window.__benchArm(-1));
      if (side === 'studio') await page.getByRole('button', { name: 'Undo', exact: true }).click();
      else await page.locator('.svc-toolbar__item[title="Undo"]').first().click();
      const u = await undone;
      if (a) result.add.push(a.painted);
      if (u) result.undo.push(u.painted);
      if (!a || !u) errors.push(`add/undo #${i + 1}: ${a ? '' : 'the question did not appear '}${u ? '' : 'the undo did not take it away'}`);
      await page.waitForTimeout(300);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    result.memory = await memory(cdp);
    return result;
  } finally {
    await context.close();
  }
}

// --- statistics and the report ----------------------------------------------------------------

const quantile = (xs, q) => {
  const s = xs.filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};
const median = (xs) => quantile(xs, 0.5);
const kb = (b) => (Number.isFinite(b) ? `${(b / 1024).toFixed(1)} KB` : 'n/a');
const mb = (b) => (Number.isFinite(b) ? `${(b / 1048576).toFixed(1)} MB` : 'n/a');
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
const ms1 = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b ? (a / b).toFixed(2) : 'n/a');
const goal = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b ? (a / b <= 0.5 ? 'met' : 'missed') : '');

function table(survey, rs) {
  const A = rs.filter((r) => r.side === 'studio' && r.survey === survey.id && !r.importing);
  const B = rs.filter((r) => r.side === 'creator' && r.survey === survey.id && !r.importing);
  const rows = [];
  const line = (what, a, b, fmt) => rows.push(`| ${what} | ${fmt(a)} | ${fmt(b)} | ${ratio(a, b)} | ${goal(a, b)} |`);
  const both = (what, f, fmt, p95 = false) => {
    line(`${what}${p95 ? ', median' : ''}`, median(A.map(f)), median(B.map(f)), fmt);
    if (p95) line(`${what}, p95`, quantile(A.map(f), 0.95), quantile(B.map(f), 0.95), fmt);
  };
  both('first-load transfer (bytes over the wire, gzip)', (r) => r.transfer, kb);
  both('navigation → editor ready', (r) => r.ready, ms);
  both('time to editable (ready + file chosen → first title ready for typing)', (r) => r.editable, ms);
  const pool = (rsys, f) => rsys.flatMap(f);
  const [ka, kb_] = [pool(A, (r) => (r.keys ?? []).map((k) => k.painted)), pool(B, (r) => (r.keys ?? []).map((k) => k.painted))];
  line(`keystroke → painted, p50 (${ka.length} / ${kb_.length} keys)`, median(ka), median(kb_), ms1);
  line('keystroke → painted, p95', quantile(ka, 0.95), quantile(kb_, 0.95), ms1);
  rows.push(`| the Creator's commit: Enter → the title in its survey, painted, median | (every keystroke) | ${ms1(median(B.map((r) => r.commit)))} | | |`);
  const [aa, ab] = [pool(A, (r) => r.add ?? []), pool(B, (r) => r.add ?? [])];
  line(`add a question → painted, median (${aa.length} / ${ab.length})`, median(aa), median(ab), ms);
  const [ua, ub] = [pool(A, (r) => r.undo ?? []), pool(B, (r) => r.undo ?? [])];
  line(`undo it → painted, median (${ua.length} / ${ub.length})`, median(ua), median(ub), ms);
  both('memory: JS heap + wasm, after GC', (r) => (r.memory ? r.memory.jsHeap + r.memory.wasm : NaN), mb);
  const parts = (rsys) => `JS ${mb(median(rsys.map((r) => r.memory?.jsHeap)))} + wasm ${mb(median(rsys.map((r) => r.memory?.wasm)))}, ${median(rsys.map((r) => r.memory?.nodes)).toFixed(0)} DOM nodes`;
  if (survey.big) {
    const I = (side) => rs.filter((r) => r.side === side && r.importing);
    line(`import: the SurveyJS JSON file → editable, median (${I('studio').length} / ${I('creator').length} runs)`, median(I('studio').map((r) => r.editable)), median(I('creator').map((r) => r.editable)), ms);
    line('import: file chosen → editable, median', median(I('studio').map((r) => r.open)), median(I('creator').map((r) => r.open)), ms);
  }
  const files = (rsys) => {
    if (!rsys.length) return '';
    return Object.keys(rsys[0].byUrl)
      .map((u) => `${u} ${kb(median(rsys.map((r) => r.byUrl[u] ?? 0)))}`)
      .join(', ');
  };
  const model = B.map((r) => r.modelHasTyped).filter((x) => x !== undefined);
  return [
    `### ${survey.label}`,
    '',
    `${survey.questions} questions, ${survey.def.pages.length} pages; typed into the title of \`${survey.targetId}\`. Runs: studio ${A.length}, Creator ${B.length}.`,
    '',
    `| measure | studio | Creator ${creatorVersion} | studio / Creator | goal ≤ 0.5 |`,
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    `Memory (median): studio ${parts(A)}; Creator ${parts(B)}. Transfer by file (median): studio: ${files(A)}. Creator: ${files(B)}.` +
      (model.length ? ` The Creator's survey model held the letters typed before the title was left: ${model.filter(Boolean).length} of ${model.length} runs.` : ''),
    '',
  ].join('\n');
}

// --- main -------------------------------------------------------------------------------------

const results = [];
const failures = [];
const loadavg = os.loadavg().map((x) => x.toFixed(2)).join(' ');
let exitCode = 0;
try {
  ORIGINS.studio = await listen(front(STUDIO));
  ORIGINS.creator = await listen(front(CREATOR));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  cleanups.push(() => browser.close());
  log(`studio on ${ORIGINS.studio}, Creator ${creatorVersion} on ${ORIGINS.creator}, Chromium ${browser.version()}`);
  const one = async (side, survey, label, opts) => {
    try {
      const r = await oneRun(side, survey, opts);
      results.push(r);
      const keys = (r.keys ?? []).map((k) => k.painted);
      log(
        `${label} ${side}: ${kb(r.transfer)}, ready ${ms(r.ready)}, editable ${ms(r.editable)} (open ${ms(r.open)})` +
          (keys.length ? `, keys p50 ${ms1(median(keys))} p95 ${ms1(quantile(keys, 0.95))}` : '') +
          (r.add ? `, add ${r.add.map((x) => x.toFixed(0)).join('/')} undo ${r.undo.map((x) => x.toFixed(0)).join('/')} ms` : '') +
          (r.memory ? `, heap ${mb(r.memory.jsHeap)} + wasm ${mb(r.memory.wasm)}` : '') +
          (r.errors.length ? `, ERRORS: ${r.errors.join('; ')}` : ''),
      );
    } catch (e) {
      failures.push(`${label} ${side}: ${e.message.split('\n')[0]}`);
      log(`${label} ${side} FAILED: ${e.message.split('\n')[0]}`);
    }
  };
  for (const survey of surveys.filter((s) => !ONLY || s.id === ONLY)) {
    for (let i = 0; i < RUNS && !overBudget(); i++) {
      for (const side of ['studio', 'creator']) if (!overBudget() && !stopped && (!SIDE || side === SIDE)) await one(side, survey, `${survey.id} #${i + 1}`);
    }
    if (survey.big) {
      for (let i = 0; i < RUNS && !overBudget(); i++) {
        for (const side of ['studio', 'creator']) if (!overBudget() && !stopped && (!SIDE || side === SIDE)) await one(side, survey, `import #${i + 1}`, { importing: true });
      }
    }
  }
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await cleanup();
}

// The files each side loads, compressed as a server would (gzip -9, brotli 11), for the record.
const sizeOf = (files) => {
  const raw = files.map((f) => fs.readFileSync(f));
  const sum = (f) => raw.reduce((n, b) => n + f(b), 0);
  return { gzip: sum((b) => zlib.gzipSync(b, { level: 9 }).length), brotli: sum((b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length) };
};
// The studio's converter (converter-worker.js, converter.js, converter_bg.wasm: the importers and
// the translators' spreadsheets) is fetched only when a file is brought in or a spreadsheet made
// or read: counted apart.
const isConverter = (f) => f.startsWith('converter');
const studioFiles = fs.readdirSync(STUDIO).filter((f) => /\.(js|css|wasm|html|svg)$/.test(f) && !isConverter(f)).map((f) => path.join(STUDIO, f));
const converterFiles = fs.readdirSync(STUDIO).filter((f) => /\.(js|wasm)$/.test(f) && isConverter(f)).map((f) => path.join(STUDIO, f));
const creatorFiles = CREATOR_FILES.map(([, to]) => path.join(CREATOR, to));
const [ss, cs, converter] = [sizeOf(studioFiles), sizeOf(creatorFiles), sizeOf(converterFiles)];
const converterNote = converterFiles.length
  ? ` The studio's converter, fetched only when a file is brought in (the import line) or a translators' spreadsheet made or read: gzip -9 ${kb(converter.gzip)}, brotli ${kb(converter.brotli)}.`
  : '';

const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const md = [
  '<!-- studio-bench -->',
  `Written by \`node bench/studio/run.mjs\` on ${date}.`,
  '',
  `- Machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, load average at start ${loadavg} (shared with other work: the figures are noisy). Headless Chromium ${browser?.version() ?? '?'}, viewport 1400x900, a fresh context per run, runs alternating studio, Creator; CPU ${CPU_RATE}x slower (DevTools) for everything timed; network not throttled; HTTP cache off.`,
  `- studio: dist/studio/ (wasm built ${studioWasm.mtime.toISOString()}). Creator: survey-creator-js, survey-creator-core, survey-js-ui and survey-core ${creatorVersion} (the newest set the registry here installs: survey-creator-js 3.0.3 needs a survey-js-ui 3.0.3 it lacks), default options, default CSS without its web font, UMD .min.js bundles. Both served by the same gzip front of ours (level 6, wasm included). Their files compressed as a server would: studio gzip -9 ${kb(ss.gzip)}, brotli ${kb(ss.brotli)}; Creator gzip -9 ${kb(cs.gzip)}, brotli ${kb(cs.brotli)}.${converterNote}`,
  '',
  ...surveys.filter((s) => !ONLY || s.id === ONLY).map((s) => table(s, results)),
  failures.length ? `Failed runs (left out): ${failures.join('; ')}.\n` : '',
  ...(results.some((r) => r.errors.length) ? [`Page errors seen: ${[...new Set(results.flatMap((r) => r.errors))].join('; ')}.`, ''] : []),
  '<!-- /studio-bench -->',
];
console.log(md.join('\n'));
const RESULTS = path.join(ROOT, 'bench/RESULTS.md');
if (!stopped && !process.argv.includes('--no-write') && !ONLY && !SIDE && fs.existsSync(RESULTS)) {
  const old = fs.readFileSync(RESULTS, 'utf8');
  const [a, b] = [old.indexOf('<!-- studio-bench -->'), old.indexOf('<!-- /studio-bench -->')];
  if (a >= 0 && b > a) {
    fs.writeFileSync(RESULTS, old.slice(0, a) + md.join('\n') + old.slice(b + '<!-- /studio-bench -->'.length));
    log('bench/RESULTS.md: the studio section written');
  } else {
    log('bench/RESULTS.md has no <!-- studio-bench --> section: the table is above');
  }
}
process.exit(exitCode);
