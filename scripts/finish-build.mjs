#!/usr/bin/env node
// Finishes a build, run by Trunk after each build (Trunk.toml [[hooks]]) on its staging folder;
// by hand: node scripts/finish-build.mjs DIR [--release].
//
// 1. Release builds: the wasm-bindgen glue (widget.js, the studio's studio.js) is minified with
//    terser. Trunk's own minifier cannot read it (it stops at `export default`, with a warning)
//    and leaves it whole.
// 2. Integrity: each script's `const INTEGRITY = { 'FILE': '' };` (boot.js, the worker) gets
//    the SHA-384 of each FILE it names, which it fetches the wasm with; then every page's
//    <script src> and <link rel=stylesheet|modulepreload|preload> gets `integrity` with the
//    SHA-384 of the file it names (after step 1, since those scripts are hashed as served). The
//    browser refuses a file that does not match what the page names.
// 3. Writes a brotli (.br) and a gzip (.gz) twin of every text and wasm file, at the best
//    compression, so that the collector can send respondents on slow phones a file a half to a
//    fifth of its size without compressing on each request (it serves the twin a browser
//    accepts, with Content-Encoding and Vary). Removes twins whose file is gone.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
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

/** `sha384-…`, as Subresource Integrity writes it. */
function sri(bytes) {
  return `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;
}

/** Every file under `root` (twins aside), as paths relative to it with '/', in a fixed order. */
function files(root) {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !/\.(br|gz)$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
    .sort();
}

// The wasm hashes in the scripts that fetch them. A build where a named file is missing fails
// here rather than ship a page that can never start.
const BLOCK = /const INTEGRITY = \{[^}]*\};/;
for (const file of files(dir).filter((f) => /\.m?js$/.test(f))) {
  const full = path.join(dir, file);
  const code = fs.readFileSync(full, 'utf8');
  const block = code.match(BLOCK);
  if (!block) continue;
  const names = [...block[0].matchAll(/'([^']+)'\s*:/g)].map((m) => m[1]);
  const hashes = names.map((name) => {
    const target = path.join(path.dirname(full), name);
    if (!fs.existsSync(target)) {
      console.error(`finish-build: ${file} names ${name}, which this build has not made`);
      process.exit(1);
    }
    return `'${name}': '${sri(fs.readFileSync(target))}'`;
  });
  fs.writeFileSync(full, code.replace(BLOCK, `const INTEGRITY = { ${hashes.join(', ')} };`));
}

// `integrity` on every script and stylesheet the pages load, and on their preloads (a preload
// without it would not be used by the fetch that has it: the file would come twice). Attributes
// may be quoted or not (the release build's HTML is minified).
const ATTRIBUTE = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
for (const file of files(dir).filter((f) => f.endsWith('.html'))) {
  const full = path.join(dir, file);
  const html = fs.readFileSync(full, 'utf8');
  const out = html.replace(/<(script|link)\b([^>]*?)(\/?)>/gi, (tag, name, attributes, slash) => {
    const found = {};
    for (const m of attributes.matchAll(ATTRIBUTE)) found[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
    const url = name.toLowerCase() === 'script' ? found.src : found.href;
    const rel = (found.rel ?? '').toLowerCase();
    if (!url || (name.toLowerCase() === 'link' && !['stylesheet', 'modulepreload', 'preload'].includes(rel))) return tag;
    if (/^[a-z]+:|^\/\//i.test(url)) {
      console.error(`finish-build: ${file} loads ${url} from elsewhere; a page loads only this build's files`);
      process.exit(1);
    }
    const target = path.join(path.dirname(full), url.split(/[?#]/)[0]);
    if (!fs.existsSync(target)) {
      console.error(`finish-build: ${file} loads ${url}, which this build has not made`);
      process.exit(1);
    }
    const kept = attributes.replace(/\s+integrity\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    return `<${name}${kept} integrity="${sri(fs.readFileSync(target))}"${slash}>`;
  });
  fs.writeFileSync(full, out);
}

const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|svg|json)$/;
let before = 0;
let after = 0;
for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
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
  // The header's operating system byte is zlib's build's own (3 on Linux, 19 on macOS): "unknown"
  // instead, so that the twin is the same bytes wherever it is built. Its time is already zero.
  gz[9] = 255;
  fs.writeFileSync(`${file}.br`, br);
  fs.writeFileSync(`${file}.gz`, gz);
  before += body.length;
  after += br.length;
  if (file.endsWith('.wasm')) console.log(`finish-build: ${path.basename(file)} ${body.length} bytes, gzip ${gz.length}, brotli ${br.length}`);
}
console.log(`finish-build: ${before} bytes of text and wasm, ${after} as brotli`);
