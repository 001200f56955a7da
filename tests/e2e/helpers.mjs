// Shared steps for the end-to-end tests of the two example surveys.
import { test as base, expect } from '@playwright/test';

export { expect };

export const SURVIVOR = '/';
export const YOUTH = '/?survey=youth-voice';

/**
 * Opens a survey and waits for its intro. Returns a `trail` that remembers
 * the tab's history length, so that every later screen can check that moving
 * between pages added no history entry.
 */
export async function openSurvey(page, url, title) {
  await page.goto(url);
  await expect(page.locator('#ss-heading')).toHaveText(title);
  return { url: page.url(), history: await page.evaluate(() => history.length) };
}

/**
 * The screen now shown has this heading, focus is on it (as after every
 * screen change), and the address and history are as they were.
 */
export async function expectScreen(page, trail, heading, { focused = true } = {}) {
  const h1 = page.locator('#ss-heading');
  await expect(h1).toHaveText(heading);
  if (focused) await expect(h1).toBeFocused();
  await expect(page.locator('h1')).toHaveCount(1);
  expect(await page.evaluate(() => history.length), 'moving between screens adds no history entry').toBe(trail.history);
  expect(page.url(), 'the address does not change').toBe(trail.url);
}

/** The question page's Continue (the form's submit button). */
export const CONTINUE = 'form button[type="submit"]';
/** A content note's Continue, and its Skip this page. */
export const NOTE_CONTINUE = 'main .ss-button-group > .ss-button:not(.ss-button--secondary)';
export const NOTE_SKIP = 'main .ss-button-group > .ss-button--secondary';

/**
 * "Check your answers" as the respondent sees it: question text -> the lines
 * of its answer.
 */
export async function checkAnswers(page) {
  await expect(page.locator('dl.ss-summary-list')).toBeVisible();
  return page.locator('.ss-summary-list__row').evaluateAll((rows) =>
    Object.fromEntries(rows.map((row) => [
      row.querySelector('.ss-summary-list__key').textContent.trim(),
      [...row.querySelectorAll('.ss-summary-list__value p')].map((p) => p.textContent.trim()),
    ])));
}

/**
 * Goes on with the mouse from the current screen to "Check your answers":
 * Continue on every page, and Continue (or, with skipNotes, Skip this page)
 * on every content note.
 */
export async function continueToCheck(page, { skipNotes = true, max = 20 } = {}) {
  for (let i = 0; i < max; i++) {
    const heading = await page.locator('#ss-heading').textContent();
    if (heading === 'Check your answers') return;
    if (await page.locator(CONTINUE).count()) {
      await page.locator(CONTINUE).click();
    } else if (await page.locator(NOTE_SKIP).count()) {
      await page.locator(skipNotes ? NOTE_SKIP : NOTE_CONTINUE).click();
    } else {
      await page.locator('.ss-button--start').click();
    }
    await expect(page.locator('#ss-heading')).not.toHaveText(heading);
  }
  throw new Error('continueToCheck: did not reach Check your answers');
}

/** The question's Change button on "Check your answers". */
export function changeButton(page, question) {
  return page.locator('.ss-summary-list__row')
    .filter({ has: page.locator('.ss-summary-list__key', { hasText: question }) })
    .getByRole('button');
}

/** The language switcher's buttons (each carries its language's lang attribute). */
export function languageButtons(page) {
  return page.locator('nav button[lang]');
}

/**
 * Records what Submit sends to the collector (the real one, tests/e2e/collector.mjs, which
 * stores it). Returns the bodies posted.
 */
export async function recordSubmissions(page) {
  const posted = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/api\/v1\/surveys\/[\w-]+\/responses$/.test(request.url())) {
      posted.push({ url: request.url(), body: request.postData() ?? '' });
    }
  });
  return posted;
}

/**
 * The tests of the surveys: `posted` holds what Submit sent to the collector,
 * and every test fails on a page error or on a request to anywhere but the
 * page's own origin.
 */
export const test = base.extend({
  posted: [async ({ page }, use) => {
    await use(await recordSubmissions(page));
  }, { auto: true }],
  problems: [async ({ page, baseURL }, use) => {
    const problems = [];
    const origin = new URL(baseURL).origin;
    page.on('pageerror', (e) => problems.push(`page error: ${e}`));
    page.on('request', (r) => {
      if (new URL(r.url()).origin !== origin) problems.push(`request to ${r.url()}`);
    });
    await use(problems);
    expect(problems, 'no page error, and no request to another origin').toEqual([]);
  }, { auto: true }],
});
