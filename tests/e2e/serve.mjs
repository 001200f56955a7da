#!/usr/bin/env node
// Static file server for the built widget (dist/), for the demo and the
// end-to-end tests. No dependencies. Binds to 127.0.0.1 only, sends the same
// security headers the collector will send, and logs no client addresses.
//
// Usage: node tests/e2e/serve.mjs [--port N] [--root DIR] [--partner-of ORIGIN | --no-csp]
//   or:  PORT=N ROOT=DIR node tests/e2e/serve.mjs
// Defaults: port 8080, root ./dist (relative to the current directory).
//
// Serving a partner's site instead (examples/): --partner-of ORIGIN sends a strict
// partner-like Content Security Policy that lets its pages load scripts and frames from that
// collector ORIGIN (and nothing inline); --no-csp sends no policy at all. Without either, the
// policy is ours (the widget's, frame-ancestors 'none').

import { createServer } from 'node:http';
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';

const argValue = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const port = Number(argValue('port') ?? process.env.PORT ?? 8080);
const host = '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve.mjs: bad port ${JSON.stringify(argValue('port') ?? process.env.PORT)}`);
  process.exit(2);
}

let root;
try {
  root = await realpath(path.resolve(argValue('root') ?? process.env.ROOT ?? 'dist'));
} catch (e) {
  console.error(`serve.mjs: root directory not found: ${e.path ?? e.message} (build first: scripts/build)`);
  process.exit(2);
}

const partnerOf = argValue('partner-of');
if (partnerOf !== undefined && !/^https?:\/\/[A-Za-z0-9.\-\[\]:]+$/.test(partnerOf)) {
  console.error(`serve.mjs: --partner-of wants an origin such as http://127.0.0.1:8080, not ${JSON.stringify(partnerOf)}`);
  process.exit(2);
}

const OUR_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// What a careful partner's site might send: its own scripts and the collector's, nothing inline.
const PARTNER_CSP = partnerOf && [
  "default-src 'self'",
  `script-src 'self' ${partnerOf}`,
  `frame-src ${partnerOf}`,
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CSP = process.argv.includes('--no-csp') ? null : (PARTNER_CSP || OUR_CSP);

const SECURITY_HEADERS = {
  ...(CSP ? { 'Content-Security-Policy': CSP } : {}),
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

function send(res, status, body, extra = {}) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
  }
  // Only the path is used to find a file: the query (?survey=...) and any
  // fragment are ignored.
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'Bad Request\n');
  }
  if (pathname.includes('\0')) return send(res, 400, 'Bad Request\n');
  if (pathname.endsWith('/')) pathname += 'index.html';

  // Resolve inside root; refuse anything that escapes it, including through
  // symbolic links.
  const candidate = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
  let file;
  try {
    file = await realpath(candidate);
  } catch {
    return send(res, 404, 'Not Found\n');
  }
  if (file !== root && !file.startsWith(root + path.sep)) {
    return send(res, 404, 'Not Found\n');
  }

  let fh;
  try {
    fh = await open(file, 'r');
    const st = await fh.stat();
    if (!st.isFile()) return send(res, 404, 'Not Found\n');
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': st.size });
    if (req.method === 'HEAD') return res.end();
    const stream = fh.createReadStream();
    fh = undefined; // the stream closes the handle
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  } catch {
    if (!res.headersSent) send(res, 500, 'Internal Server Error\n');
    else res.destroy();
  } finally {
    await fh?.close();
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) send(res, 500, 'Internal Server Error\n');
  });
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`serving ${root} at http://${host}:${actual}/`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.closeAllConnections();
    server.close();
    process.exit(0);
  });
}
