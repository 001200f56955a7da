#!/usr/bin/env node
// Writes a brotli (.br) and a gzip (.gz) twin of every text and wasm file of a build, at the best
// compression, so that the collector can send respondents on slow phones a file a half to a fifth
// of its size without compressing on each request (it serves the twin a browser accepts, with
// Content-Encoding and Vary). Run by Trunk after each build (Trunk.toml [[hooks]]) on its staging
// folder; by hand: node scripts/precompress.mjs DIR. Removes twins whose file is gone.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('precompress: give the build folder (or run from Trunk, which sets TRUNK_STAGING_DIR)');
  process.exit(2);
}
const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|svg|json)$/;
let before = 0;
let after = 0;
for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  if (!entry.isFile()) continue;
  if (/\.(br|gz)$/.test(file)) {
    if (!fs.existsSync(file.slice(0, -path.extname(file).length))) fs.rmSync(file);
    continue;
  }
  if (!COMPRESSIBLE.test(file)) continue;
  const body = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [zlib.constants.BROTLI_PARAM_MODE]: file.endsWith('.wasm') ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
    },
  });
  const gz = zlib.gzipSync(body, { level: 9 });
  fs.writeFileSync(`${file}.br`, br);
  fs.writeFileSync(`${file}.gz`, gz);
  before += body.length;
  after += br.length;
  if (file.endsWith('.wasm')) console.log(`precompress: ${path.basename(file)} ${body.length} bytes, gzip ${gz.length}, brotli ${br.length}`);
}
console.log(`precompress: ${before} bytes of text and wasm, ${after} as brotli`);
