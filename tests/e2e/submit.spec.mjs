// Submit, end to end: the response is sealed in the browser, stored by the real collector as
// ciphertext, and opened by the organiser's `speaksafe export`. And when the collector is down
// during Submit, the respondent is told, nothing is lost, and it is sent exactly once.

import {
  SURVIVOR, YOUTH, backButton, continueButton, expect, heading, helpBox, main, skipPageButton, startButton, submitButton, test,
} from './helpers.mjs';
import { ROOT, freePort, freshCollectorFolder, speaksafe, startCollector } from './collector.mjs';
import path from 'node:path';
import { test as plainTest } from '@playwright/test';

const E2E = path.join(ROOT, 'target/e2e-collector');

/**
 * Goes on from the intro to the page asking `question` (a text box's label), types `text` there,
 * then on to Check, skipping the pages behind a content note.
 */
async function answerAndCheck(page, question, text) {
  await startButton(page).click();
  for (let i = 0; i < 20; i++) {
    const title = await heading(page).textContent();
    if (title === 'Check your answers') break;
    const field = page.getByLabel(question, { exact: true });
    if (await field.count()) await field.fill(text);
    await (await skipPageButton(page).count() ? skipPageButton(page) : continueButton(page)).click();
    await expect(heading(page)).not.toHaveText(title);
  }
  await expect(heading(page)).toHaveText('Check your answers');
  await expect(main(page).getByRole('definition').filter({ hasText: text })).toHaveCount(1);
}

// The last question of each survey, a long text box.
const ANYTHING_ELSE = {
  'survivor-consultation': 'Is there anything else you would like the city to know?',
  'youth-voice': 'Is there anything else you want to tell us?',
};

/** The CSV rows (as text lines) of an export. */
function exportRows({ db, key }, survey) {
  return speaksafe('export', '--db', db, '--key', key, '--survey', survey).trim().split('\n').slice(1);
}

for (const [survey, url] of [['survivor-consultation', SURVIVOR], ['youth-voice', YOUTH]]) {
  test(`${survey}: Submit stores only ciphertext, and export opens the answers`, async ({ page, posted }) => {
    const marker = `Marker ${survey} ${Date.now()}`;
    await page.goto(url);
    await answerAndCheck(page, ANYTHING_ELSE[survey], marker);
    await submitButton(page).click();
    await expect(heading(page)).toHaveText('Thank you');
    await expect(heading(page)).toBeFocused();
    await expect(helpBox(page)).toBeVisible();

    // What went over the wire is an envelope: the answer is nowhere in it.
    expect(posted).toHaveLength(1);
    const body = JSON.parse(posted[0].body);
    expect(Object.keys(body).sort()).toEqual(['envelope', 'submission_id']);
    expect(body.envelope).toMatch(/^v1\.[\w-]{43}\.[\w-]+$/);
    expect(posted[0].body).not.toContain('Marker');

    // The organiser opens it.
    const rows = exportRows({ db: path.join(E2E, 'responses.db'), key: path.join(E2E, 'test.key') }, survey);
    expect(rows.filter((row) => row.includes(marker))).toHaveLength(1);
  });
}

// A collector of its own on another port (the shared fixture checks for one origin only).
plainTest('the collector down during Submit: the respondent is told, and it is sent once when it is back', async ({ page }) => {
  plainTest.setTimeout(60_000);
  const folder = freshCollectorFolder('e2e-collector-outage');
  const port = await freePort();
  let collector = await startCollector(folder, port);
  try {
    const marker = `Outage ${Date.now()}`;
    await page.goto(`http://127.0.0.1:${port}/?survey=youth-voice`);
    await answerAndCheck(page, ANYTHING_ELSE['youth-voice'], marker);

    // The collector goes away; Submit cannot send.
    collector.kill('SIGKILL');
    await new Promise((resolve) => collector.once('exit', resolve));
    await submitButton(page).click();
    const status = main(page).getByRole('status');
    await expect(status).toContainText('Could not send yet — keep this page open, we are trying again.');
    await expect(status).toBeFocused();
    // Nothing was lost and nothing can change while it waits: no Change button, no Back, no Submit.
    await expect(main(page).getByRole('definition').filter({ hasText: marker })).toHaveCount(1);
    await expect(main(page).getByRole('button', { name: /^Change / })).toHaveCount(0);
    await expect(backButton(page)).toHaveCount(0);
    await expect(submitButton(page)).toHaveCount(0);

    // Back again: Try again sends it.
    collector = await startCollector(folder, port);
    await status.getByRole('button', { name: 'Try again' }).click();
    await expect(heading(page)).toHaveText('Thank you', { timeout: 15_000 });
    await expect(page.getByText(marker)).toHaveCount(0);

    const rows = exportRows(folder, 'youth-voice');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(marker);
  } finally {
    collector.kill('SIGTERM');
  }
});

// The HPKE code is a second wasm (seal.wasm), kept out of the first load: fetched when the
// respondent reaches Check your answers. If it cannot be fetched, Submit tells the respondent it
// could not send yet, keeps everything, and seals and sends once the module comes.
test('the seal module is fetched at Check your answers; without it Submit waits, then sends once', async ({ page, posted }) => {
  test.setTimeout(60_000);
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  let sealBlocked = true;
  await page.route('**/seal.wasm', (route) => (sealBlocked ? route.abort('internetdisconnected') : route.continue()));

  const marker = `Sealed late ${Date.now()}`;
  await page.goto(YOUTH);
  await expect(heading(page)).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(requested).toContain('/widget_bg.wasm');
  expect(requested, 'not part of the first load').not.toContain('/seal.wasm');

  await answerAndCheck(page, ANYTHING_ELSE['youth-voice'], marker);
  await expect.poll(() => requested.includes('/seal.wasm'), 'asked for at Check your answers').toBe(true);
  await submitButton(page).click();
  const status = main(page).getByRole('status');
  await expect(status).toContainText('Could not send yet — keep this page open, we are trying again.');
  await expect(main(page).getByRole('definition').filter({ hasText: marker })).toHaveCount(1);
  expect(posted).toHaveLength(0);

  // The module can be fetched again: Try again seals and sends, once.
  sealBlocked = false;
  await status.getByRole('button', { name: 'Try again' }).click();
  await expect(heading(page)).toHaveText('Thank you', { timeout: 15_000 });
  expect(posted).toHaveLength(1);
  expect(posted[0].body).not.toContain('Sealed late');
  const rows = exportRows({ db: path.join(E2E, 'responses.db'), key: path.join(E2E, 'test.key') }, 'youth-voice');
  expect(rows.filter((row) => row.includes(marker))).toHaveLength(1);
});
