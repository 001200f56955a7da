#!/usr/bin/env node
// Finishes a build, run by Trunk after each build (Trunk.toml [[hooks]]) on its staging folder;
// by hand: node scripts/finish-build.mjs DIR [--release].
//
// 1. Release builds: the wasm-bindgen glue (widget.js, the studio's studio.js) is minified with
//    terser. Trunk's own minifier cannot read it (it stops at `export default`, with a warning)
//    and leaves it whole.
// 2. Writes a brotli (.br) and a gzip (.gz) twin of every text and wasm file, at the best
//    compression, so that the collector can send respondents on slow phones a file a half to a
//    fifth of its size without compressing on each request (it serves the twin a browser
//    accepts, with Content-Encoding and Vary). Removes twins whose file is gone.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { minify } from 'terser';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('finish-build: give the build folder (or run from Trunk, which sets TRUNK_STAGING_DIR)');
  process.exit(2);
}

if (process.env.TRUNK_PROFILE === 'release' || process.argv.includes('--release')) {
  // The glue of each wasm in the build (widget.js beside widget_bg.wasm; the studio's).
  for (const wasm of fs.readdirSync(dir).filter((f) => f.endsWith('_bg.wasm'))) {
    const glue = path.join(dir, wasm.replace(/_bg\.wasm$/, '.js'));
    if (!fs.existsSync(glue)) continue;
    const code = fs.readFileSync(glue, 'utf8');
    // Names the wasm imports by (object keys) are properties, which terser leaves alone.
    const out = await minify(code, { module: true, compress: true, mangle: true, format: { comments: false } });
    fs.writeFileSync(glue, out.code);
    console.log(`finish-build: ${path.basename(glue)} minified, ${code.length} → ${out.code.length} bytes`);
  }
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
  if (file.endsWith('.wasm')) console.log(`finish-build: ${path.basename(file)} ${body.length} bytes, gzip ${gz.length}, brotli ${br.length}`);
}
console.log(`finish-build: ${before} bytes of text and wasm, ${after} as brotli`);
