// A collector on PostgreSQL, end to end: a respondent submits through the widget, the collector
// stores the sealed response in PostgreSQL (a throwaway cluster started here from Debian's
// postgresql, as the collector's own tests do), and the organiser's `speaksafe export --db
// postgres://…` opens it.

import { continueButton, expect, heading, main, skipPageButton, startButton, submitButton } from './helpers.mjs';
import { freePort, freshCollectorFolder, speaksafe, startCollector } from './collector.mjs';
import { startPostgres } from './postgres.mjs';
import { test } from '@playwright/test';

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
