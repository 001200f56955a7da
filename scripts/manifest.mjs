#!/usr/bin/env node
// Writes DIR/manifest.json (scripts/build runs it on dist/ last): what this release serves and
// what built it, for `speaksafe release sign` to sign and `speaksafe verify` to check a live
// collector against.
//
//   node scripts/manifest.mjs dist
//
// - files: every file the collector serves from the build, by its path under the site, with its
//   SHA-384 as Subresource Integrity writes it. The brotli and gzip twins are the same files to a
//   browser (`verify` checks that each decodes to these bytes); surveys/ is left out, since the
//   collector serves definitions from its own --surveys folder, never these copies.
// - first_screen: the hashes the collector's first screens allow their inline script (exit.js)
//   and stylesheet (main.css) by, as CSP writes them: nothing else may run inline.
// - commit and built_with: the source and the tools, so that anyone can rebuild it
//   (scripts/reproducible) and get the same bytes.
//
// Nothing here depends on the time or the folder: two builds of a commit give the same manifest.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('manifest: give the build folder, e.g. node scripts/manifest.mjs dist');
  process.exit(2);
}
const read = (file) => fs.readFileSync(path.join(dir, file));
const hash = (algorithm, bytes) => crypto.createHash(algorithm).update(bytes).digest('base64');
const run = (command, ...args) => {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

const served = fs
  .readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
  .filter((f) => !/\.(br|gz)$/.test(f) && !f.startsWith('surveys/') && !/^manifest\.json(\.sig)?$/.test(f))
  .sort();
// A path of the machine that built it makes a build that only that folder reproduces.
const here = [path.resolve(dir, '..'), process.env.HOME].filter((p) => p && p.length > 4);
for (const file of served) {
  const bytes = read(file);
  const found = here.find((p) => bytes.includes(Buffer.from(p)));
  if (found) {
    console.error(`manifest: ${file} holds the path ${found}: another folder would build other bytes`);
    process.exit(1);
  }
}
const files = Object.fromEntries(served.map((f) => [`/${f}`, `sha384-${hash('sha384', read(f))}`]));

// The collector inlines exactly these files' text in each first screen (serve/first_screen.rs).
const first_screen = {
  script: [`'sha256-${hash('sha256', read('exit.js'))}'`],
  style: [`'sha256-${hash('sha256', read('main.css'))}'`],
};

// SPEAKSAFE_COMMIT names the source when there is no git history (a copy of the tree, as
// scripts/reproducible builds); otherwise HEAD, marked when the tree has changes of its own.
const commit =
  process.env.SPEAKSAFE_COMMIT ||
  (() => {
    const head = run('git', 'rev-parse', 'HEAD');
    if (!head) return 'unknown';
    return run('git', 'status', '--porcelain', '--untracked-files=no') ? `${head}+changes` : head;
  })();
const version = (command, pattern) => run(command, '--version')?.match(pattern)?.[0] ?? null;
// Fields named and shaped as WEBCAT's manifest has them, where that costs nothing (docs/deploy.md):
// app, version, default_index, default_fallback, and wasm (each wasm's SHA-256, base64url).
const wasm = served.filter((f) => f.endsWith('.wasm')).map((f) => hash('sha256', read(f)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
const manifest = {
  app: 'speaksafe',
  version: commit,
  default_index: '/index.html',
  default_fallback: '/index.html',
  wasm,
  commit,
  built_with: {
    rustc: run('rustc', '--version'),
    'wasm-bindgen': version('wasm-bindgen', /\d+\.\d+\.\d+/),
    trunk: version('trunk', /\d+\.\d+\.\d+/),
    'wasm-opt': version('wasm-opt', /\d+/),
    node: process.version,
  },
  files,
  first_screen,
};
fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`manifest: ${served.length} files, ${path.join(dir, 'manifest.json')}`);
