// A throwaway PostgreSQL cluster for the end-to-end tests, from Debian's postgresql (as the
// collector's own tests start one).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './collector.mjs';

/** The newest PostgreSQL's binaries from Debian's package. */
function postgresBinaries() {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [];
  const found = versions
    .filter((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
    .sort((a, b) => Number(b) - Number(a));
  if (!found.length) throw new Error('no PostgreSQL under /usr/lib/postgresql/*/bin: scripts/setup-test installs it');
  return `/usr/lib/postgresql/${found[0]}/bin`;
}

/**
 * A throwaway cluster on 127.0.0.1 in a temporary folder; `stop()` ends it and removes the
 * folder. PostgreSQL refuses to run as root (CI runs as root): then it runs as the postgres user.
 */
export async function startPostgres() {
  const bin = postgresBinaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'speaksafe-e2e-pg-'));
  const root = process.getuid?.() === 0;
  if (root) execFileSync('chown', ['postgres:postgres', dir]);
  const run = (program, args) => (root
    ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args], { stdio: 'pipe' })
    : execFileSync(path.join(bin, program), args, { stdio: 'pipe' }));
  const data = path.join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  run('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-l', path.join(dir, 'log'),
    '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try { run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']); } catch { /* already stopped */ }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
