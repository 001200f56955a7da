// The organiser's console, end to end on the real collector, on both stores: an invitation from
// the command line, a passkey made and signed in with (Chromium's virtual authenticator), a
// survey built in the studio and published to the collector, answered through the widget,
// counted in the console, a breaking change met with its typed confirmation, closed (the
// respondent's closed screen and the 410) and reopened; with PostgreSQL, a second collector on
// the same database serves what was published without a restart. Then the refusals, that the
// console keeps nothing in the browser, and axe on every screen.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { axeViolations, sidewaysOverflow, smallTargets } from './a11y.mjs';
import { freePort, freshCollectorFolder, speaksafe } from './collector.mjs';
import {
  NOTHING_KEPT, addAuthenticator, invite, kept, nav, onScreen, openSurveyPage, register, signIn, startConsole, stop,
} from './console.mjs';
import { continueToCheck, heading, startButton, submitButton } from './helpers.mjs';
import { startPostgres } from './postgres.mjs';

const SURVEY = 'park-voice';
const TITLE = 'Feeling safe in our parks';

/** The studio: the Youth Voice example under another name and title, published to this collector. */
async function publishFromStudio(page, base) {
  await page.goto(`${base}/studio/`);
  await page.getByRole('button', { name: 'Open the Youth Voice example' }).click();
  const name = page.getByLabel('Short name');
  await name.fill(SURVEY);
  await name.press('Tab');
  const title = page.getByLabel('Title (en)', { exact: true });
  await title.fill(TITLE);
  await title.press('Tab');
  await page.getByRole('button', { name: 'Publish to this service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish to this service' });
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  // Signed in with the passkey on the way (one touch), then published.
  await expect(dialog.getByText(/^Published: version [0-9a-f]{12} is live\.$/)).toBeVisible({ timeout: 15_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/** A respondent answers the survey through the widget and submits. */
async function answer(page, base) {
  await page.goto(`${base}/?survey=${SURVEY}`);
  await startButton(page).click();
  await continueToCheck(page);
  await submitButton(page).click();
  await expect(heading(page)).toHaveText('Thank you');
}

for (const store of ['SQLite', 'PostgreSQL']) {
  test(`${store}: invited, an organiser publishes from the studio, watches the count, confirms a breaking change, closes and reopens`, async ({ browser }) => {
    test.setTimeout(180_000);
    const postgres = store === 'PostgreSQL' ? await startPostgres() : null;
    const folder = freshCollectorFolder(`e2e-console-${store.toLowerCase()}`);
    if (postgres) folder.db = postgres.url;
    const { base, child } = await startConsole(folder, await freePort());
    // With PostgreSQL, a second collector on the same database, started before anything is published.
    const second = postgres ? await startConsole(folder, await freePort()) : null;
    const context = await browser.newContext();
    const page = await context.newPage();
    // Leaving the studio with its example open asks first: yes.
    page.on('dialog', (dialog) => dialog.accept());
    try {
      await addAuthenticator(page);
      const link = invite(folder, 'Sam Organiser', base);
      await register(page, link);
      // The invitation left the address bar at once, with no history entry of its own.
      expect(page.url()).toBe(`${base}/console/`);
      expect(await page.evaluate(() => history.length)).toBe(2);
      await expect(page.getByText('Signed in as Sam Organiser')).toBeVisible();

      await publishFromStudio(page, base);
      if (second) {
        // Live on the other collector too, without a restart.
        await expect.poll(async () => (await fetch(`${second.base}/surveys/${SURVEY}.json`)).status, { timeout: 15_000 }).toBe(200);
      }
      await answer(page, base);

      await signIn(page, base);
      // The list's cells: status, responses, closing day.
      await expect(page.getByRole('row').filter({ hasText: SURVEY }).getByRole('cell').nth(1)).toHaveText('1');
      await openSurveyPage(page, TITLE);
      const byDay = page.getByRole('table', { name: 'Responses by day' });
      await expect(byDay.getByRole('row')).toHaveCount(2);
      await expect(byDay.getByRole('cell')).toHaveText('1');

      // A breaking change, from a file: a question removed (one that no condition names).
      const definition = JSON.parse(await (await fetch(`${base}/surveys/${SURVEY}.json`)).text());
      delete definition.submit;
      const whole = JSON.stringify(definition);
      const questions = definition.pages[1].questions;
      const named = (id) => whole.match(new RegExp(`\\b${id}\\b`, 'g')).length;
      const removed = questions.findIndex((q) => q.kind !== 'info' && named(q.id) === 1);
      expect(removed).toBeGreaterThanOrEqual(0);
      questions.splice(removed, 1);
      const file = path.join(folder.dir, `${SURVEY}.json`);
      fs.writeFileSync(file, JSON.stringify(definition, null, 2));
      await page.getByRole('button', { name: 'Publish a new version' }).click();
      await onScreen(page, `Publish a new version of ${SURVEY}`);
      await page.getByLabel("The survey's definition (a .json file)").setInputFiles(file);
      await page.getByRole('button', { name: 'Publish', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'This change would break answers already collected' })).toBeVisible();
      const confirm = page.getByLabel(/^To go ahead, type/);
      await expect(confirm).toBeFocused();
      const words = (await page.locator('.cs-typed').textContent()).trim();
      await confirm.fill(`${words}x`);
      await page.getByRole('button', { name: 'Publish anyway' }).click();
      await expect(page.getByText(`Type ${words} exactly, to show that you mean it`)).toBeVisible();
      await confirm.fill(words);
      await page.getByRole('button', { name: 'Publish anyway' }).click();
      await expect(page.getByText(/^Published: version [0-9a-f]{12} is live\./)).toBeVisible();
      await expect(page.getByRole('table', { name: 'Versions' }).getByRole('row')).toHaveCount(3);

      // Closed: the respondent sees the closed screen, and a submission gets 410.
      await page.getByRole('button', { name: 'Close the survey' }).click();
      await expect(page.getByText('The survey is closed')).toBeVisible();
      const respondent = await context.newPage();
      await respondent.goto(`${base}/?survey=${SURVEY}`);
      await expect(heading(respondent)).toHaveText('This survey has closed');
      const refused = await fetch(`${base}/api/v1/surveys/${SURVEY}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submission_id: 'a'.repeat(32), envelope: 'v1.x.y' }),
      });
      expect(refused.status).toBe(410);
      expect((await refused.json()).error).toBe('This survey has closed. Your answers were not sent.');

      await page.getByRole('button', { name: 'Reopen the survey' }).click();
      await expect(page.getByText('The survey is open')).toBeVisible();
      await respondent.reload();
      await expect(startButton(respondent)).toBeVisible();

      // What was done, in the log.
      await nav(page, 'Log').click();
      await onScreen(page, 'Log');
      for (const action of ['register', 'publish', 'close', 'open']) {
        await expect(page.getByRole('cell', { name: action, exact: true }).first()).toBeVisible();
      }
      expect(await kept(page)).toEqual(NOTHING_KEPT);
    } finally {
      await context.close();
      await stop(child);
      if (second) await stop(second.child);
      postgres?.stop();
    }
  });
}

test.describe('refusals', () => {
  let folder;
  let collector;
  test.beforeAll(async () => {
    folder = freshCollectorFolder('e2e-console-refusals');
    collector = await startConsole(folder, await freePort());
  });
  test.afterAll(async () => stop(collector.child));

  test('an invitation used once is refused the second time, in words', async ({ browser }) => {
    const link = invite(folder, 'Once', collector.base);
    const first = await browser.newContext();
    const page = await first.newPage();
    await addAuthenticator(page);
    await register(page, link);
    await first.close();
    const again = await browser.newContext();
    const other = await again.newPage();
    await addAuthenticator(other);
    await other.goto(link);
    await other.getByRole('button', { name: 'Create a passkey' }).click();
    await expect(other.getByRole('alert')).toContainText(/This invitation has (expired|already been used)\..* ask for a new one\./i);
    await again.close();
  });

  test("a removed organiser's session ends at once, and the console says so", async ({ page }) => {
    await addAuthenticator(page);
    await register(page, invite(folder, 'Leaving', collector.base));
    speaksafe('organisers', 'remove', 'Leaving', '--db', folder.db);
    await nav(page, 'Log').click();
    await onScreen(page, 'Sign in');
    await expect(page.getByRole('status')).toContainText('You have been signed out');
    // And the passkey no longer signs in.
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  });

  test('every console endpoint refuses a forged token and no token', async () => {
    const routes = [
      ['POST', '/passkeys/start'], ['POST', '/passkeys/finish'], ['POST', '/sign-out'], ['GET', '/me'],
      ['GET', '/surveys'], ['GET', '/surveys/youth-voice'], ['POST', '/surveys/youth-voice/versions'],
      ['POST', '/surveys/youth-voice/live'], ['POST', '/surveys/youth-voice/close'], ['POST', '/surveys/youth-voice/open'],
      ['GET', '/log'], ['GET', '/surveys/youth-voice/responses'], ['DELETE', '/surveys/youth-voice/responses'],
    ];
    for (const authorization of [null, `Bearer ${'A'.repeat(43)}`, 'Bearer forged']) {
      for (const [method, route] of routes) {
        const headers = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
        const answer = await fetch(`${collector.base}/api/v1/console${route}`, { method, headers, body: method === 'GET' ? undefined : '{}' });
        expect(answer.status, `${method} ${route} with ${authorization ?? 'no token'}`).toBe(401);
        expect((await answer.json()).signed_out, `${method} ${route}`).toBe(true);
      }
    }
  });

  test('the console will not show in a frame', async ({ page }) => {
    await page.route('http://partner.test/', (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Partner</title><iframe title="console" src="${collector.base}/console/"></iframe>`,
    }));
    await page.goto('http://partner.test/');
    const frame = page.frameLocator('iframe');
    await page.waitForTimeout(1000);
    await expect(frame.getByRole('heading', { name: 'Sign in' })).toHaveCount(0);
  });
});

test('axe finds no violation on any screen of the console; none scrolls sideways at 320 px or 200% text; targets are big enough', async ({ page }) => {
  test.setTimeout(180_000);
  const folder = freshCollectorFolder('e2e-console-axe');
  const { base, child } = await startConsole(folder, await freePort());
  const found = {};
  const check = async (screen) => {
    const problems = await axeViolations(page, { exclude: ['.cs-report'] });
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 720 });
      if (await sidewaysOverflow(page, width) > 0) problems.push(`at ${width} px it scrolls sideways`);
      problems.push(...(await page.evaluate(smallTargets)).map((p) => `at ${width} px: ${p}`));
      await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
      if (await sidewaysOverflow(page, width) > 0) problems.push(`at ${width} px with 200% text it scrolls sideways`);
      await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
    }
    if (problems.length) found[screen] = problems;
  };
  try {
    await addAuthenticator(page);
    const link = invite(folder, 'Axe', base);
    await page.goto(`${base}/console/`);
    await check('sign in');
    await page.goto(link);
    await check('create your passkey');
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await onScreen(page, 'Surveys');
    await check('surveys');
    await openSurveyPage(page, 'Youth Voice: feeling safe');
    await check('a survey');
    await page.getByRole('button', { name: 'Publish a new version' }).click();
    await check('publish');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await check('publish: a problem');
    const broken = path.join(folder.dir, 'broken.json');
    fs.writeFileSync(broken, JSON.stringify({ ...JSON.parse(fs.readFileSync('surveys/youth-voice.json', 'utf8')), pages: [] }));
    await page.getByLabel("The survey's definition (a .json file)").setInputFiles(broken);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByText('What the check found')).toBeVisible();
    await check("publish: the check's problems");
    await nav(page, 'Log').click();
    await check('log');
    await nav(page, 'Passkeys').click();
    await expect(page.getByText('You have 1 passkey.')).toBeVisible();
    await check('passkeys');
    await openSurveyPage(page, 'Youth Voice: feeling safe');
    await page.getByRole('button', { name: 'Open responses' }).click();
    await check('open responses');
    await nav(page, 'Sign out').click();
    await onScreen(page, 'Sign in');
    await check('signed out');
  } finally {
    await stop(child);
  }
  expect(found).toEqual({});
});
