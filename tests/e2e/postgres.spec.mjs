// A collector on PostgreSQL, end to end: a respondent submits through the widget, the collector
// stores the sealed response in PostgreSQL (a throwaway cluster started here from Debian's
// postgresql, as the collector's own tests do), and the organiser's `speaksafe export --db
// postgres://…` opens it.

import { continueButton, expect, heading, main, skipPageButton, startButton, submitButton } from './helpers.mjs';
import { freePort, freshCollectorFolder, speaksafe, startCollector } from './collector.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';

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
async function startPostgres() {
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

test('a response submitted through the widget is stored in PostgreSQL and opened by export', async ({ page }) => {
  test.setTimeout(90_000);
  const postgres = await startPostgres();
  const folder = freshCollectorFolder('e2e-collector-postgres');
  folder.db = postgres.url;
  const port = await freePort();
  const collector = await startCollector(folder, port);
  try {
    const marker = `On PostgreSQL ${Date.now()}`;
    await page.goto(`http://127.0.0.1:${port}/?survey=youth-voice`);
    await startButton(page).click();
    for (let i = 0; i < 20; i++) {
      const title = await heading(page).textContent();
      if (title === 'Check your answers') break;
      const field = page.getByLabel('Is there anything else you want to tell us?', { exact: true });
      if (await field.count()) await field.fill(marker);
      await (await skipPageButton(page).count() ? skipPageButton(page) : continueButton(page)).click();
      await expect(heading(page)).not.toHaveText(title);
    }
    await expect(heading(page)).toHaveText('Check your answers');
    await expect(main(page).getByRole('definition').filter({ hasText: marker })).toHaveCount(1);
    await submitButton(page).click();
    await expect(heading(page)).toHaveText('Thank you');

    const rows = speaksafe('export', '--db', postgres.url, '--key', folder.key, '--survey', 'youth-voice')
      .trim().split('\n').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(marker);
  } finally {
    collector.kill('SIGTERM');
    await new Promise((resolve) => (collector.exitCode !== null ? resolve() : collector.once('exit', resolve)));
    postgres.stop();
  }
});
