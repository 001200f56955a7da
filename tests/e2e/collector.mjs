// Starts the real collector for the end-to-end tests: a fresh database and a fresh test key pair
// in target/e2e-collector/, the surveys from surveys/ (their public key filled in by the
// collector), the release build from dist/. Used by playwright.config.mjs (webServer) and by
// tests that need a collector of their own (startCollector).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEAKSAFE = path.join(ROOT, 'target/debug/speaksafe');

/** Runs the organiser's CLI; its stdout, or throws with its stderr. */
export function speaksafe(...args) {
  const run = spawnSync(SPEAKSAFE, args, { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`speaksafe ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
  return run.stdout;
}

/** A fresh folder with a test key pair: { dir, db, key, pub }. */
export function freshCollectorFolder(name) {
  const dir = path.join(ROOT, 'target', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  speaksafe('keygen', '--out', path.join(dir, 'test'));
  return { dir, db: path.join(dir, 'responses.db'), key: path.join(dir, 'test.key'), pub: path.join(dir, 'test.pub') };
}

/** A port free on 127.0.0.1 now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `speaksafe serve` on 127.0.0.1:port (the build in `dist`); resolves once it answers. */
export async function startCollector(folder, port, extra = [], surveys = 'surveys', dist = 'dist') {
  const child = spawn(SPEAKSAFE, ['serve', '--db', folder.db, '--surveys', surveys, '--static', dist,
    '--listen', `127.0.0.1:${port}`, '--public-key', folder.pub, '--rate-limit', '0', ...extra],
  { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the collector did not start on port ${port}`);
}

// As the web server of the test run: `node tests/e2e/collector.mjs --port N`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[process.argv.indexOf('--port') + 1]);
  if (!fs.existsSync(SPEAKSAFE)) {
    spawnSync('cargo', ['build', '--offline', '-q', '-p', 'speaksafe-collector'], { cwd: ROOT, stdio: 'inherit' });
  }
  const folder = freshCollectorFolder('e2e-collector');
  const child = await startCollector(folder, port);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { child.kill('SIGTERM'); });
  child.on('exit', (code) => process.exit(code ?? 0));
}
