// The console's results worker on its own, in Node (V8, the engine Chromium runs it in), without
// the browser, the page or the network: where its time goes, phase by phase, as CPU time, which a
// busy shared machine disturbs far less than the wall-clock figures of run.mjs. For working on
// the worker; run.mjs gives the figures.
//
//   bash scripts/build && node bench/console-open/run.mjs --responses 20000 --no-write
//   node bench/console-open/worker.mjs [--batch 10000] [--cpu-prof]
//
// It takes the sealed responses and the key run.mjs left in target/bench-console-open/ (read from
// its SQLite database with the sqlite3 command) and hands them to dist/console/opener_bg.wasm
// through the messages the page sends (console/opener/src/worker.rs): `start`, `sealed` in batches
// of 10,000 as downloaded, `summarise`, then `file` for the XLSX. With --cpu-prof, Node writes a
// CPU profile of it (function names need `SPEAKSAFE_WASM_NAMES=1 bash scripts/build`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = path.join(ROOT, 'target/bench-console-open');
const argv = process.argv.slice(2);
const BATCH = Number(argv[argv.indexOf('--batch') + 1] || 10000) || 10000;

if (argv.includes('--cpu-prof') && !process.execArgv.includes('--cpu-prof')) {
  execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${DIR}`, '--cpu-prof-interval=200', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(0);
}

const db = path.join(DIR, 'responses.db');
if (!fs.existsSync(db)) {
  console.error('bench/console-open/worker.mjs: run `node bench/console-open/run.mjs --responses 20000 --no-write` first (it leaves the responses in target/bench-console-open/).');
  process.exit(2);
}
const rows = execFileSync('sqlite3', ['-tabs', db, "SELECT day, envelope FROM responses WHERE survey = 'youth-voice' ORDER BY submission_id"],
  { encoding: 'utf8', maxBuffer: 1 << 30 }).split('\n').filter(Boolean).map((line) => line.split('\t'));
const definition = fs.readFileSync(path.join(ROOT, 'surveys/youth-voice.json'), 'utf8');
const keyText = fs.readFileSync(path.join(DIR, 'org.key'), 'utf8');

// The worker reads key files with FileReaderSync, which only workers have.
globalThis.FileReaderSync = class {
  readAsText(file) { return file === keyFile ? keyText : ''; }
};
const keyFile = new File([keyText], 'org.key');

const { default: init, receive } = await import(path.join(ROOT, 'dist/console/opener.js'));
const wasm = await init({ module_or_path: fs.readFileSync(path.join(ROOT, 'dist/console/opener_bg.wasm')) });

const phases = [];
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
function phase(name, work) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const answer = work();
  const used = process.cpuUsage(cpu);
  phases.push({ name, cpu: (used.user + used.system) / 1000, wall: performance.now() - started, wasm: wasm.memory.buffer.byteLength });
  if (answer?.kind === 'refused') throw new Error(`${name}: ${answer.message}`);
  return answer;
}

phase('start (the key read)', () => receive({ kind: 'start', definition, keys: [keyFile] }));
let opened;
for (let at = 0; at < rows.length; at += BATCH) {
  opened = phase('sealed (a batch opened)', () => receive({ kind: 'sealed', batch: rows.slice(at, at + BATCH) }));
}
const summary = phase('summarise', () => receive({ kind: 'summarise', min_cell: 10, by: [], include_text: false }));
const xlsx = phase('file: xlsx', () => receive({ kind: 'file', format: 'xlsx' }));
phase('file: csv', () => receive({ kind: 'file', format: 'csv' }));

const grouped = new Map();
for (const p of phases) {
  const g = grouped.get(p.name) ?? { n: 0, cpu: 0, wall: 0, wasm: 0 };
  grouped.set(p.name, { n: g.n + 1, cpu: g.cpu + p.cpu, wall: g.wall + p.wall, wasm: p.wasm });
}
console.log(`${rows.length} responses, ${opened.opened} opened, ${opened.failed} not; report ${summary.report.length} characters; XLSX ${mb(xlsx.bytes.length)}`);
for (const [name, g] of grouped) {
  console.log(`${name.padEnd(26)} ${String(g.n).padStart(3)}x  cpu ${(g.cpu / 1000).toFixed(2).padStart(6)} s  wall ${(g.wall / 1000).toFixed(2).padStart(6)} s  wasm memory after ${mb(g.wasm)}`);
}
