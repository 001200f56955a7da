// Opening 100,000 sealed responses to the Youth Voice survey in the console (Chromium, no
// throttling) and with the command line (`speaksafe summary|export --from`), in one run on the
// same machine, against the same collector. See README.md beside this file for what is measured
// and how; it writes its figures into bench/RESULTS.md (the section between the
// `<!-- console-open -->` markers) unless given --no-write.
//
//   bash scripts/build && node bench/console-open/run.mjs [--responses N] [--no-write]
//
// Serves only on 127.0.0.1 (as http://localhost:PORT: passkeys need a host name), and stops its
// collector and browser at the end.
import { chromium } from '@playwright/test';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { freePort } from '../../tests/e2e/collector.mjs';
import { addAuthenticator, onScreen, openSurveyPage, register } from '../../tests/e2e/console.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SPEAKSAFE = path.join(ROOT, 'target/native/speaksafe');
const SEEDER = path.join(ROOT, 'target/native/speaksafe-bench-console-open');
const SURVEY = 'youth-voice';
const TITLE = 'Youth Voice: feeling safe';
const KEY_FIELD = 'Your private key file (NAME.key)';
const PROBE_MS = 50;

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
};
const N = Number(String(option('responses', '100000')).replace(/_/g, ''));
const WRITE = !argv.includes('--no-write');
// --profile: DevTools CPU profiles of the page and of the results worker, over the opening and
// over the XLSX, written to target/bench-console-open/*.cpuprofile (open them in DevTools'
// Performance panel) with the functions that took the most time printed. Profiling slows both
// down: its times are not the figures. Function names in the wasm need a build that keeps them
// (`SPEAKSAFE_WASM_NAMES=1 bash scripts/build`).
const PROFILE = argv.includes('--profile');

const say = (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A CPU profile's busiest functions: self time, and time with what they call (ms). */
function topFunctions(profile, n = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (node) => `${node.callFrame.functionName || '(anonymous)'} ${path.basename(node.callFrame.url || '')}`.trim();
  const self = new Map();
  const total = new Map();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    all += dt;
    const leaf = name(byId.get(id));
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const f = name(byId.get(at));
      if (!seen.has(f)) total.set(f, (total.get(f) ?? 0) + dt);
      seen.add(f);
    }
  });
  const list = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([f, ms]) => `    ${ms.toFixed(0).padStart(7)} ms  ${f}`).join('\n');
  return `${all.toFixed(0)} ms sampled\n  self:\n${list(self)}\n  total:\n${list(total)}\n`;
}

// --- What it needs: the release build of the console, and the native command line ----------
for (const file of ['dist/console/index.html', 'dist/console/opener_bg.wasm', 'dist/console/opener-worker.js']) {
  if (!fs.existsSync(path.join(ROOT, file))) {
    console.error(`bench/console-open: ${file} is missing: run \`bash scripts/build\` first (the release build the collector serves).`);
    process.exit(2);
  }
}
say('building the command line and the seeder (cargo build --profile native)');
execFileSync('cargo', ['build', '--offline', '--quiet', '--profile', 'native', '-p', 'speaksafe-collector', '-p', 'speaksafe-bench-console-open'],
  { cwd: ROOT, stdio: 'inherit' });

function speaksafe(...args) {
  const run = spawnSync(SPEAKSAFE, args, { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`speaksafe ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
  return run.stdout;
}

const dir = path.join(ROOT, 'target/bench-console-open');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const db = path.join(dir, 'responses.db');
speaksafe('keygen', '--out', path.join(dir, 'org'));
const keyFile = path.join(dir, 'org.key');
const pubFile = path.join(dir, 'org.pub');

const startLoad = load();
say(`load average ${startLoad}; sealing and storing ${N} responses`);
const seeded = JSON.parse(execFileSync(SEEDER, [db, pubFile, String(N)], { cwd: ROOT, encoding: 'utf8' }).trim());
say(`sealed in ${seeded.sealing_seconds} s, stored in ${seeded.storing_seconds} s (envelopes average ${seeded.envelope_bytes} bytes; database ${mb(fs.statSync(db).size)})`);

// --- The collector -------------------------------------------------------------------------------
const port = await freePort();
const base = `http://localhost:${port}`;
const collector = spawn(SPEAKSAFE, ['serve', '--db', db, '--surveys', 'surveys', '--static', 'dist',
  '--listen', `127.0.0.1:${port}`, '--public-key', pubFile, '--rate-limit', '0', '--origin', base],
{ cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
let browser;
const cleanup = () => {
  collector.kill('SIGTERM');
};
process.on('exit', cleanup);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
  } catch { /* not up yet */ }
  if (i > 200) throw new Error('the collector did not start');
  await new Promise((r) => setTimeout(r, 100));
}

/** Peak and current resident memory of a process, from /proc (kB → bytes). */
function procMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

// --- The console ----------------------------------------------------------------------------------
const consoleRun = {};
{
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const version = browser.version();
  await addAuthenticator(page);
  const printed = speaksafe('organisers', 'invite', 'Bench', '--db', db, '--origin', base);
  const link = /(\S*\/console\/#invite=[A-Za-z0-9_-]+)/.exec(printed)?.[1];
  await register(page, link);
  await openSurveyPage(page, TITLE);
  await page.getByRole('button', { name: 'Open responses' }).click();
  await onScreen(page, `Responses: ${TITLE}`);
  await page.getByLabel(KEY_FIELD).setInputFiles([keyFile]);

  // The page's own DevTools session; the worker's through it (Target.sendMessageToTarget).
  const cdp = await context.newCDPSession(page);
  const browserCdp = await browser.newBrowserCDPSession();
  const workers = new Map();
  let nextId = 1;
  const waiting = new Map();
  cdp.on('Target.attachedToTarget', async ({ sessionId, targetInfo }) => {
    if (targetInfo.type !== 'worker') return;
    workers.set(sessionId, targetInfo.url);
    if (PROFILE) {
      // The worker waits for this (waitForDebuggerOnStart) so that its first message is profiled.
      await inWorker(sessionId, 'Profiler.enable');
      await inWorker(sessionId, 'Profiler.setSamplingInterval', { interval: 500 });
      await inWorker(sessionId, 'Profiler.start');
    }
    await inWorker(sessionId, 'Runtime.runIfWaitingForDebugger');
  });
  cdp.on('Target.detachedFromTarget', ({ sessionId }) => workers.delete(sessionId));
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const answer = JSON.parse(message);
    const resolve = waiting.get(answer.id);
    if (resolve) {
      waiting.delete(answer.id);
      resolve(answer.result ?? { error: answer.error });
    }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: PROFILE, flatten: false });
  const inWorker = (sessionId, method, params = {}) => new Promise((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => resolve({}));
    setTimeout(() => { if (waiting.delete(id)) resolve({ timedOut: true }); }, 5000);
  });

  /** Stops the CPU profiles of the page and the workers, writes them and prints where the time went. */
  const profiled = async (phase) => {
    const realms = [['page', (m, p) => cdp.send(m, p)], ...[...workers.keys()].map((id) => ['worker', (m, p) => inWorker(id, m, p)])];
    for (const [realm, send] of realms) {
      const { profile } = await send('Profiler.stop');
      if (!profile) continue;
      const file = path.join(dir, `${phase}-${realm}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      console.log(`${phase}, ${realm}: ${topFunctions(profile)} (${path.relative(ROOT, file)})`);
    }
  };
  const profileAgain = async () => {
    await cdp.send('Profiler.start');
    for (const id of workers.keys()) await inWorker(id, 'Profiler.start');
  };
  if (PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }

  /** The byte length of every WebAssembly.Memory in a realm (the page's or a worker's). */
  const wasmMemory = async (send) => {
    const proto = await send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
    if (!proto.result?.objectId) return 0;
    const found = await send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
    if (!found.objects?.objectId) return 0;
    const sum = await send('Runtime.callFunctionOn', {
      objectId: found.objects.objectId,
      functionDeclaration: 'function () { return this.reduce((n, m) => n + m.buffer.byteLength, 0); }',
      returnByValue: true,
    });
    return sum.result?.value ?? 0;
  };
  const pageSend = (method, params) => cdp.send(method, params).catch(() => ({}));
  const renderers = async () => (await browserCdp.send('SystemInfo.getProcessInfo')).processInfo
    .filter((p) => p.type === 'renderer').map((p) => p.id);

  // Sampled every 250 ms: the JS heap of the page and of the worker, and the renderer's RSS.
  // Wasm memories only grow, so their peak is their size at the end of each phase (and they
  // are read after each phase; the page's every 2 s as well).
  const samples = [];
  let sampling = true;
  let peakWasm = { page: 0, worker: 0 };
  const sampler = (async () => {
    let round = 0;
    while (sampling) {
      const at = Date.now();
      const pageHeap = (await pageSend('Runtime.getHeapUsage')).usedSize ?? 0;
      let workerHeap = 0;
      for (const sessionId of workers.keys()) workerHeap += (await inWorker(sessionId, 'Runtime.getHeapUsage')).usedSize ?? 0;
      // The worker's wasm memory is read only between phases: `Runtime.queryObjects` in the
      // worker while it opens responses crashed the renderer ("Page crashed") in most runs.
      if (round++ % 8 === 0) peakWasm = { ...peakWasm, page: Math.max(peakWasm.page, await wasmMemory(pageSend)) };
      let rss = 0;
      for (const pid of await renderers()) rss += procMemory(pid).rss;
      const progress = await page.locator('.ss-progress').getAttribute('value', { timeout: 10 }).catch(() => null);
      samples.push({ at, pageHeap, workerHeap, rss, progress });
      await new Promise((r) => setTimeout(r, Math.max(0, 250 - (Date.now() - at))));
    }
  })();

  // The main thread's responsiveness: a timer every 50 ms (how late it fires), and a key press
  // sent through DevTools every 50 ms (how long from the event's time stamp to its handler).
  await page.evaluate((every) => {
    const probe = { timer: [], keys: [], marks: {} };
    window.__bench = probe;
    let expected = performance.now() + every;
    const tick = () => {
      const now = performance.now();
      probe.timer.push([now, now - expected]);
      expected = now + every;
      setTimeout(tick, every);
    };
    setTimeout(tick, every);
    window.addEventListener('keydown', (e) => {
      if (e.key === 'F24') probe.keys.push([performance.now(), performance.now() - e.timeStamp]);
    }, true);
    document.addEventListener('click', (e) => { probe.marks[e.target.textContent.trim()] = e.timeStamp; }, true);
    new MutationObserver(() => {
      if (!probe.marks.shown && document.getElementById('cs-opened')) {
        probe.marks.inDom = performance.now();
        requestAnimationFrame(() => setTimeout(() => { probe.marks.shown = performance.now(); }, 0));
      }
    }).observe(document.body, { childList: true, subtree: true });
  }, PROBE_MS);
  let pressing = true;
  const presser = (async () => {
    while (pressing) {
      for (const type of ['rawKeyDown', 'keyUp']) {
        cdp.send('Input.dispatchKeyEvent', { type, key: 'F24', code: 'F24', windowsVirtualKeyCode: 135 }).catch(() => {});
      }
      await new Promise((r) => setTimeout(r, PROBE_MS));
    }
  })();

  const phases = {};
  const mark = async (name) => { phases[name] = await page.evaluate(() => performance.now()); };

  say(`console: opening ${N} responses (load average ${load()})`);
  const loadAtOpen = load();
  await page.getByRole('button', { name: 'Open responses' }).click();
  const opened = page.locator('#cs-opened');
  await opened.waitFor({ state: 'visible', timeout: 3_600_000 });
  await page.waitForFunction(() => window.__bench.marks.shown, null, { timeout: 10_000 });
  const openText = await opened.textContent();
  await mark('summaryDone');
  if (PROFILE) {
    await profiled('open');
    await profileAgain();
  }
  const wasmAtSummary = { page: await wasmMemory(pageSend), worker: 0 };
  for (const sessionId of workers.keys()) wasmAtSummary.worker += await wasmMemory((m, p) => inWorker(sessionId, m, p));
  const summaryRenderers = Math.max(...(await renderers()).map((pid) => procMemory(pid).hwm));
  say(`console: "${openText}" (load average ${load()})`);

  const xlsxButton = page.getByRole('button', { name: 'Download the spreadsheet (XLSX)' });
  const xlsxStart = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 3_600_000 }), xlsxButton.click()]);
  const xlsxMs = Date.now() - xlsxStart;
  await mark('xlsxDone');
  if (PROFILE) await profiled('xlsx');
  const xlsxFile = path.join(dir, 'console.xlsx');
  await download.saveAs(xlsxFile);
  const wasmAtXlsx = { page: await wasmMemory(pageSend), worker: 0 };
  for (const sessionId of workers.keys()) wasmAtXlsx.worker += await wasmMemory((m, p) => inWorker(sessionId, m, p));
  say(`console: XLSX (${mb(fs.statSync(xlsxFile).size)}) in ${seconds(xlsxMs)}`);

  pressing = false;
  sampling = false;
  await Promise.all([presser, sampler]);
  const probe = await page.evaluate(() => window.__bench);
  const renderersHwm = Math.max(...(await renderers()).map((pid) => procMemory(pid).hwm));
  await browser.close();

  const clickAt = probe.marks['Open responses'];
  const xlsxClickAt = probe.marks['Download the spreadsheet (XLSX)'];
  const during = (list, from, to) => list.filter(([at]) => at >= from && at <= to).map(([, delay]) => delay);
  const responsiveness = (from, to) => {
    const timer = during(probe.timer, from, to);
    const keys = during(probe.keys, from, to);
    // When the latest tick came, in ms from the start of the phase (to tell which work held it).
    const worst = probe.timer.filter(([at]) => at >= from && at <= to).sort((a, b) => b[1] - a[1])[0] ?? [from];
    return {
      timer: { n: timer.length, max: Math.max(...timer), p95: percentile(timer, 95), worstAt: Math.round(worst[0] - from) },
      keys: { n: keys.length, max: Math.max(...keys), p95: percentile(keys, 95) },
    };
  };
  const heapPeak = (key) => Math.max(...samples.map((s) => s[key]));
  const sumPeak = Math.max(...samples.map((s) => s.pageHeap + s.workerHeap));
  Object.assign(consoleRun, {
    version,
    loadAtOpen,
    openText,
    summaryMs: probe.marks.shown - clickAt,
    inDomMs: probe.marks.inDom - clickAt,
    xlsxMs,
    xlsxInPageMs: phases.xlsxDone - xlsxClickAt,
    xlsxBytes: fs.statSync(xlsxFile).size,
    open: responsiveness(clickAt, probe.marks.shown),
    xlsx: responsiveness(xlsxClickAt, phases.xlsxDone),
    heap: { page: heapPeak('pageHeap'), worker: heapPeak('workerHeap'), sum: sumPeak },
    wasmAtSummary,
    wasmAtXlsx,
    peakWasm,
    rssPeak: heapPeak('rss'),
    summaryRenderers,
    renderersHwm,
    samples: samples.length,
    timeline: samples.filter((_, i) => i % 20 === 0).map((s) => ({
      s: ((s.at - samples[0].at) / 1000).toFixed(0), progress: s.progress, heap: mb(s.pageHeap + s.workerHeap), rss: mb(s.rss),
    })),
  });
}
console.log(JSON.stringify({ ...consoleRun, timeline: undefined }, null, 1));

// --- The command line, the same downloads from the same collector ---------------------------
const token = speaksafe('organisers', 'token', 'Bench', '--survey', SURVEY, '--db', db).trim();
function timed(label, args) {
  say(`cli: speaksafe ${args.join(' ')} (load average ${load()})`);
  const loadAt = load();
  const run = spawnSync('/usr/bin/time', ['-v', SPEAKSAFE, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, SPEAKSAFE_TOKEN: token }, maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`${label}: exit ${run.status}\n${run.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(run.stderr);
  const ms = ((Number(wall[1] ?? 0) * 60 + Number(wall[2])) * 60 + Number(wall[3])) * 1000;
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)[1]) * 1024;
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(run.stderr)[1]);
  const system = Number(/System time \(seconds\): ([\d.]+)/.exec(run.stderr)[1]);
  say(`cli: ${label} in ${seconds(ms)}, peak RSS ${mb(rss)}`);
  return { ms, rss, cpu: user + system, loadAt };
}
const from = ['--from', base, '--survey', SURVEY, '--key', keyFile];
const cli = {
  summary: timed('summary', ['summary', ...from, '--html', path.join(dir, 'cli.html')]),
  xlsx: timed('export --format xlsx', ['export', ...from, '--format', 'xlsx', '--out', path.join(dir, 'cli.xlsx')]),
};
cli.xlsxBytes = fs.statSync(path.join(dir, 'cli.xlsx')).size;
cli.threads = os.cpus().length;
collector.kill('SIGTERM');
const endLoad = load();
console.log(JSON.stringify(cli, null, 1));

// --- The figures ------------------------------------------------------------------------------
const c = consoleRun;
const consoleMemory = c.heap.sum + c.wasmAtXlsx.page + c.wasmAtXlsx.worker;
const ratio = (a, b) => (a / b).toFixed(2);
const ms = (x) => `${Math.round(x)} ms`;
const md = [
  '<!-- console-open -->',
  '## Opening 100,000 responses: the console against the command line',
  '',
  `Written by \`node bench/console-open/run.mjs${N === 100000 ? '' : ` --responses ${N}`}\` on ${new Date().toISOString().slice(0, 19)}Z.`,
  '',
  `- Machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown'}, ${mb(os.totalmem())} RAM, shared with other agents' builds and tests while this ran. Load average (1, 5, 15 min): ${startLoad} at the start, ${c.loadAtOpen} as the console began opening, ${cli.summary.loadAt} as the command line began, ${endLoad} at the end.`,
  `- Browser: headless Chromium ${c.version} (/usr/bin/chromium through Playwright), no CPU or network throttling. The console and its results worker as served (the release build in dist/, \`bash scripts/build\`); the command line \`target/native/speaksafe\` (\`cargo build --profile native\`, as the README says organisers build it). Both download from the same collector (\`speaksafe serve\` on 127.0.0.1, SQLite) in the same run, the console first.`,
  `- Data: ${N.toLocaleString('en-GB')} responses to the Youth Voice survey (surveys/youth-voice.json), each answering about 90 % of its questions at random (bench/export's answers), sealed to the organiser's key with the widget's sealing code (core's envelope) and stored through the collector's own store (\`SqliteStore::submit\`, the writer \`POST …/responses\` uses): envelopes average ${seeded.envelope_bytes} bytes.`,
  '- Console, time to the summary: from the click on "Open responses" (the key file already chosen; the click event\'s time stamp) to the first frame after "N responses opened." and the report are in the page. That includes starting the worker, reading the key, downloading every sealed response (NDJSON, gzip, 10,000 a request), opening them in the worker, and making the summary and its HTML report. Time to the XLSX: from the click on "Download the spreadsheet (XLSX)" to the browser\'s download event.',
  '- Command line: `speaksafe summary --from URL --survey youth-voice --key org.key --html FILE` and `speaksafe export --from URL … --format xlsx --out FILE` (token in SPEAKSAFE_TOKEN), each under `/usr/bin/time -v`: wall time and maximum resident set size. Each downloads and opens everything itself (on every core); the console\'s XLSX comes from what it has already opened, so its "open then XLSX" is the sum of its two times.',
  `- Memory, console: the JS heap of the page and of the worker (\`Runtime.getHeapUsage\` usedSize through DevTools, the worker's through \`Target.sendMessageToTarget\`; sampled every 250 ms, ${c.samples} samples, the largest sum) plus every \`WebAssembly.Memory\` buffer of the page and the worker (\`Runtime.queryObjects\`; linear memory never shrinks, so its size after the XLSX is its peak). Also the renderer process's peak resident set (VmHWM in /proc, the page and its worker live in it): everything, DOM and code included.`,
  `- Responsiveness: in the page, a timer set every ${PROBE_MS} ms (how late it fired) and a key press (F24, which does nothing) sent through DevTools every ${PROBE_MS} ms (from the event's time stamp to its handler on the main thread), during the opening (click to summary shown) and during the XLSX (click to download).`,
  '',
  '| measure | console | command line | console / command line | goal |',
  '| --- | ---: | ---: | ---: | --- |',
  `| time to the summary | ${seconds(c.summaryMs)} | ${seconds(cli.summary.ms)} | ${ratio(c.summaryMs, cli.summary.ms)} | within 2x |`,
  `| time to the XLSX (after the summary) | ${seconds(c.xlsxMs)} | | | |`,
  `| open then XLSX | ${seconds(c.summaryMs + c.xlsxMs)} | ${seconds(cli.xlsx.ms)} | ${ratio(c.summaryMs + c.xlsxMs, cli.xlsx.ms)} | within 2x |`,
  `| peak memory: JS heap (page + worker) + wasm | ${mb(consoleMemory)} | | | under 1 GB |`,
  `| peak memory: the process (RSS) | ${mb(c.renderersHwm)} (renderer) | ${mb(cli.summary.rss)} (summary), ${mb(cli.xlsx.rss)} (export) | | |`,
  `| CPU time | | ${cli.summary.cpu.toFixed(1)} s (summary), ${cli.xlsx.cpu.toFixed(1)} s (export) | | |`,
  `| main thread while opening: timer lateness, max / p95 (${c.open.timer.n} ticks) | ${ms(c.open.timer.max)} / ${ms(c.open.timer.p95)} | | | under 100 ms |`,
  `| main thread while opening: key press to handler, max / p95 (${c.open.keys.n} presses) | ${ms(c.open.keys.max)} / ${ms(c.open.keys.p95)} | | | under 100 ms |`,
  `| main thread during the XLSX: timer max / p95; key max / p95 | ${ms(c.xlsx.timer.max)} / ${ms(c.xlsx.timer.p95)}; ${ms(c.xlsx.keys.max)} / ${ms(c.xlsx.keys.p95)} | | | under 100 ms |`,
  '',
  `Memory parts: JS heap peaks page ${mb(c.heap.page)}, worker ${mb(c.heap.worker)} (largest sum ${mb(c.heap.sum)}); wasm after the summary page ${mb(c.wasmAtSummary.page)}, worker ${mb(c.wasmAtSummary.worker)}; after the XLSX page ${mb(c.wasmAtXlsx.page)}, worker ${mb(c.wasmAtXlsx.worker)}; renderer peak RSS at the summary ${mb(c.summaryRenderers)}. XLSX files: console ${mb(c.xlsxBytes)}, command line ${mb(cli.xlsxBytes)}. Seeding (not timed against anything): sealed in ${seeded.sealing_seconds} s on ${seeded.threads} cores, stored in ${seeded.storing_seconds} s.`,
  '',
  `Timeline (every 5 s: seconds from the first sample, the progress bar's value, JS heap page + worker, renderer RSS): ${c.timeline.map((t) => `${t.s} s ${t.progress ?? '-'} ${t.heap} ${t.rss}`).join('; ')}.`,
  '<!-- /console-open -->',
].join('\n');
console.log(`\n${md}\n`);
if (WRITE) {
  const file = path.join(ROOT, 'bench/RESULTS.md');
  const old = fs.readFileSync(file, 'utf8');
  const at = old.indexOf('<!-- console-open -->');
  const end = old.indexOf('<!-- /console-open -->');
  const next = at >= 0 && end > at
    ? old.slice(0, at) + md + old.slice(end + '<!-- /console-open -->'.length)
    : `${old.trimEnd()}\n\n${md}\n`;
  fs.writeFileSync(file, next);
  say('written to bench/RESULTS.md');
}
process.exit(0);
