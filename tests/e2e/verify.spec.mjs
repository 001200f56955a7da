// What the browser runs is what was published: `speaksafe verify` checks a live collector against
// the signed manifest of the build it serves, and names the file when one byte of it changes on
// disk; a tampered signature fails it; and Chromium refuses a tampered wasm or seal module, so
// that the respondent is told the survey could not start and can still leave. For a survey with
// access codes, verify prints the fingerprint of the token key its definition names (the one
// `speaksafe codes issue` made and printed), and fails when a collector names another key to
// some browsers.
//
// Each test serves a copy of dist/ (target/verify-dist) from a collector of its own, and changes
// that copy, never dist/.
import { test, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ROOT, SPEAKSAFE, freePort, freshCollectorFolder, speaksafe, startCollector } from './collector.mjs';
import { continueToCheck, exitButton, heading, main, startButton, submitButton } from './helpers.mjs';

const EXIT_URL = 'https://www.bbc.co.uk/weather';
const EXIT_PAGE = '<!doctype html><title>Weather</title><h1>Weather</h1>';
const COULD_NOT_START = 'This survey could not start. Nothing was saved or sent.';
const SURVEYS = ['survivor-consultation', 'youth-voice'];

// One collector at a time here: each test changes the files it serves.
test.describe.configure({ mode: 'serial' });

let folder;
let dist;
let published; // the manifest, its signature and the key, as the release published them

test.beforeAll(() => {
  folder = freshCollectorFolder('e2e-verify');
  dist = path.join(folder.dir, 'dist');
  fs.cpSync(path.join(ROOT, 'dist'), dist, { recursive: true });
  speaksafe('release', 'keygen', '--out', path.join(folder.dir, 'release'));
  speaksafe('release', 'sign', '--key', path.join(folder.dir, 'release.key'), '--manifest', path.join(dist, 'manifest.json'));
  published = path.join(folder.dir, 'published');
  fs.mkdirSync(published);
  for (const file of ['manifest.json', 'manifest.json.sig']) fs.copyFileSync(path.join(dist, file), path.join(published, file));
  fs.copyFileSync(path.join(folder.dir, 'release.pub'), path.join(published, 'release.pub'));
});

/** A collector serving the copy; stopped by the caller. */
async function serve() {
  const port = await freePort();
  const child = await startCollector(folder, port, [], 'surveys', dist);
  return { child, base: `http://127.0.0.1:${port}` };
}

/** `speaksafe verify` against `base`, for `surveys`: { status, out }. */
function verify(base, extra = [], surveys = SURVEYS) {
  const run = spawnSync(SPEAKSAFE, [
    'verify', base, '--manifest', path.join(published, 'manifest.json'), '--public-key', path.join(published, 'release.pub'),
    ...surveys.flatMap((id) => ['--survey', id]), ...extra,
  ], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

/**
 * Changes one byte of `file` in the copy (its brotli and gzip twins made again from it, as a
 * deployment that rebuilt them would), runs `body`, and puts everything back.
 */
async function withOneByteChanged(file, body) {
  const full = path.join(dist, file);
  const saved = new Map([full, `${full}.br`, `${full}.gz`].filter((f) => fs.existsSync(f)).map((f) => [f, fs.readFileSync(f)]));
  const bytes = Buffer.from(saved.get(full));
  // A byte in the middle, turned into another printable one (a text stays text).
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at] === 0x20 ? 0x21 : 0x20;
  fs.writeFileSync(full, bytes);
  const zlib = await import('node:zlib');
  if (saved.has(`${full}.br`)) fs.writeFileSync(`${full}.br`, zlib.brotliCompressSync(bytes));
  if (saved.has(`${full}.gz`)) fs.writeFileSync(`${full}.gz`, zlib.gzipSync(bytes));
  try {
    await body();
  } finally {
    for (const [f, b] of saved) fs.writeFileSync(f, b);
  }
}

test('verify passes against a freshly started collector serving the signed build', async () => {
  const { child, base } = await serve();
  try {
    const { status, out } = verify(base);
    expect(out).toContain('is signed by the release key');
    expect(out).toMatch(/^ok +\/widget_bg\.wasm$/m);
    expect(out).toMatch(/^ok +\/seal\.wasm$/m);
    expect(out).toMatch(/^ok +\/console\/opener_bg\.wasm$/m);
    expect(out).toMatch(/^ok +\/\?survey=youth-voice&embed=1 \(first screen/m);
    expect(out).toMatch(/^ok +\/surveys\/youth-voice\.json takes no access codes/m);
    expect(out).not.toMatch(/^(DIFFERS|UNEXPECTED|MISSING)/m);
    expect(status, out).toBe(0);
  } finally {
    child.kill('SIGTERM');
  }
});

// The files a respondent's browser runs, each changed by one byte on disk: verify names it.
for (const file of ['widget_bg.wasm', 'seal.wasm', 'token.wasm', 'studio/studio_bg.wasm', 'boot.js', 'embed.js', 'main.css', 'exit.js']) {
  test(`verify fails, naming /${file}, when one byte of it changes`, async () => {
    await withOneByteChanged(file, async () => {
      // Started after the change: the first screens inline exit.js and main.css as they are then.
      const { child, base } = await serve();
      try {
        const { status, out } = verify(base);
        expect(out).toMatch(new RegExp(`^DIFFERS +/${file.replace('.', '\\.')}`, 'm'));
        expect(status).toBe(1);
        if (file === 'exit.js' || file === 'main.css') {
          // The first screen's inline copy too: its hash is not the manifest's.
          const element = file === 'exit.js' ? 'script' : 'style';
          expect(out).toMatch(new RegExp(`^DIFFERS +/\\?survey=youth-voice: inline <${element}> 'sha256-`, 'm'));
        }
      } finally {
        child.kill('SIGTERM');
      }
    });
  });
}

test('verify prints the token key a survey with codes names, the one `codes issue` made, and fails when some browsers are given another', async () => {
  const port = await freePort();
  const child = await startCollector(folder, port, [], 'tests/e2e/surveys', dist);
  const base = `http://127.0.0.1:${port}`;
  let tagging;
  try {
    // No codes yet: no key, and the survey cannot take answers.
    let run = verify(base, [], ['class-voice']);
    expect(run.out).toMatch(/^MISSING +\/surveys\/class-voice\.json takes access codes but names no token key/m);
    expect(run.status).toBe(1);

    const issued = spawnSync(SPEAKSAFE, ['codes', 'issue', '--survey', 'class-voice', '--count', '1', '--db', folder.db,
      '--cards', path.join(folder.dir, 'cards.html')], { cwd: ROOT, encoding: 'utf8' });
    const fingerprint = issued.stderr.match(/fingerprint ([0-9a-f]{16})/)?.[1];
    expect(fingerprint, issued.stderr).toBeTruthy();
    const named = async () => (await (await fetch(`${base}/surveys/class-voice.json`)).json()).submit.token_key;
    for (let i = 0; i < 50 && !(await named()); i++) await new Promise((r) => setTimeout(r, 100));
    run = verify(base, [], ['class-voice']);
    expect(run.out).toMatch(new RegExp(`^ok +/surveys/class-voice\\.json names one token key for everyone \\(plain, gzip, brotli\\): fingerprint ${fingerprint}`, 'm'));
    expect(run.out).not.toMatch(/^(DIFFERS|UNEXPECTED|MISSING)/m);
    expect(run.status, run.out).toBe(0);

    // A collector changed to name another key to browsers that take gzip (most of them): the
    // same bytes otherwise, passed through.
    const other = (await named()).replace(/^(.{40})(.)/, (_, head, c) => head + (c === 'A' ? 'B' : 'A'));
    const proxyPort = await freePort();
    tagging = http.createServer((request, response) => {
      const gzipped = /gzip/.test(request.headers['accept-encoding'] ?? '');
      const rewrite = request.url === '/surveys/class-voice.json' && gzipped;
      const headers = { ...request.headers, host: `127.0.0.1:${port}`, ...(rewrite ? { 'accept-encoding': 'identity' } : {}) };
      const upstream = http.request({ host: '127.0.0.1', port, path: request.url, method: request.method, headers }, (answer) => {
        if (!rewrite) {
          response.writeHead(answer.statusCode, answer.headers);
          answer.pipe(response);
          return;
        }
        const chunks = [];
        answer.on('data', (c) => chunks.push(c));
        answer.on('end', () => {
          const definition = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          definition.submit.token_key = other;
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(definition));
        });
      });
      request.pipe(upstream);
    });
    await new Promise((resolve) => tagging.listen(proxyPort, '127.0.0.1', resolve));
    // Run without blocking this process, which answers for the changed collector.
    run = await new Promise((resolve) => {
      const child = spawn(SPEAKSAFE, ['verify', `http://127.0.0.1:${proxyPort}`, '--manifest', path.join(published, 'manifest.json'),
        '--public-key', path.join(published, 'release.pub'), '--survey', 'class-voice'], { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      child.on('close', (status) => resolve({ status, out }));
    });
    expect(run.out).toMatch(new RegExp(`^DIFFERS +/surveys/class-voice\\.json names different token keys to different browsers \\(plain ${fingerprint}, gzip [0-9a-f]{16}, brotli ${fingerprint}\\)`, 'm'));
    expect(run.status).toBe(1);
  } finally {
    tagging?.close();
    child.kill('SIGTERM');
  }
});

test('verify fails on a tampered signature, and checks nothing else', async () => {
  const { child, base } = await serve();
  const signature = path.join(published, 'manifest.json.sig');
  const saved = fs.readFileSync(signature, 'utf8');
  try {
    // One character of the signature changed.
    const at = saved.indexOf(':') + 10;
    fs.writeFileSync(signature, saved.slice(0, at) + (saved[at] === 'A' ? 'B' : 'A') + saved.slice(at + 1));
    const { status, out } = verify(base);
    expect(out).toMatch(/^BAD SIGNATURE/m);
    expect(out).not.toMatch(/^ok +\/widget_bg\.wasm/m);
    expect(status).toBe(1);
  } finally {
    fs.writeFileSync(signature, saved);
    child.kill('SIGTERM');
  }
});

test('verify fails when the manifest was changed after signing', async () => {
  const { child, base } = await serve();
  const manifest = path.join(published, 'manifest.json');
  const saved = fs.readFileSync(manifest, 'utf8');
  try {
    fs.writeFileSync(manifest, saved.replace('"/boot.js": "sha384-', '"/boot.js": "sha384-A'));
    const { status, out } = verify(base);
    expect(out).toMatch(/^BAD SIGNATURE/m);
    expect(status).toBe(1);
  } finally {
    fs.writeFileSync(manifest, saved);
    child.kill('SIGTERM');
  }
});

test('the collector serves the manifest and its signature at the well-known path, and embed.js for checking', async () => {
  const { child, base } = await serve();
  try {
    const manifest = await fetch(`${base}/.well-known/speaksafe/manifest.json`);
    expect(manifest.status).toBe(200);
    expect(await manifest.text()).toBe(fs.readFileSync(path.join(published, 'manifest.json'), 'utf8'));
    const signature = await fetch(`${base}/.well-known/speaksafe/manifest.json.sig`);
    expect(await signature.text()).toBe(fs.readFileSync(path.join(published, 'manifest.json.sig'), 'utf8'));
    // A partner's <script integrity crossorigin> can check embed.js only with a CORS answer.
    const embed = await fetch(`${base}/embed.js`);
    expect(embed.headers.get('access-control-allow-origin')).toBe('*');
  } finally {
    child.kill('SIGTERM');
  }
});

/** The exit address answered by a page of ours (no request leaves the machine). */
async function exitAnswered(page) {
  await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: EXIT_PAGE }));
}

test('in Chromium, a tampered widget wasm is refused: the survey could not start, and Leave this site works', async ({ page }) => {
  await withOneByteChanged('widget_bg.wasm', async () => {
    const { child, base } = await serve();
    try {
      await exitAnswered(page);
      const refused = page.waitForEvent('console', (m) => /integrity/i.test(m.text()));
      await page.goto(`${base}/?survey=youth-voice`);
      await expect(heading(page)).toHaveText('Youth Voice: feeling safe');
      await expect(page.getByRole('alert')).toHaveText(COULD_NOT_START);
      await refused; // the browser's own refusal, not a network failure
      await expect(main(page).getByRole('button', { name: 'Start' })).toBeDisabled();
      await page.getByRole('link', { name: /^Leave this site/ }).click();
      await page.waitForURL(EXIT_URL);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

test('in Chromium, a tampered seal module is refused at Submit: nothing is sent, the survey could not start, and Leave this site works', async ({ page }) => {
  await withOneByteChanged('seal.wasm', async () => {
    const { child, base } = await serve();
    try {
      await exitAnswered(page);
      const posted = [];
      page.on('request', (r) => { if (r.method() === 'POST') posted.push(r.url()); });
      await page.goto(`${base}/?survey=youth-voice`);
      await expect(startButton(page)).toBeEnabled();
      await continueToCheck(page);
      await submitButton(page).click();
      await expect(main(page).getByText(COULD_NOT_START)).toBeVisible();
      expect(posted, 'nothing is sent').toEqual([]);
      await exitButton(page).click();
      await page.waitForURL(EXIT_URL);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
