// Shared steps for the end-to-end tests of the two example surveys.
//
// Everything here finds the survey the way a person does: by role and the name a screen reader
// says (getByRole), by a field's label (getByLabel), or by the words on screen (getByText). A
// button, field or heading that loses its accessible name is then lost to the tests too, as it is
// to someone who cannot see the screen.
import { test as base, expect } from '@playwright/test';

export { expect };

export const SURVIVOR = '/';
export const YOUTH = '/?survey=youth-voice';

// `page` below may also be a frame (page.getByTitle(...).contentFrame()): both find the same way.

/** The screen's heading: every screen has one, and focus moves to it on each screen change. */
export function heading(page) {
  return page.getByRole('heading', { level: 1 });
}

/** The survey itself, without the exit button, the language switcher or the help box. */
export function main(page) {
  return page.getByRole('main');
}

/** The intro's Start. */
export function startButton(page) {
  return main(page).getByRole('button', { name: 'Start', exact: true });
}

/** Continue: on a question page it sends the form; on a content note it goes on to the page. */
export function continueButton(page) {
  return main(page).getByRole('button', { name: 'Continue', exact: true });
}

/** A content note's Skip this page (only a content note has one). */
export function skipPageButton(page) {
  return main(page).getByRole('button', { name: 'Skip this page', exact: true });
}

/** Back, at the top of a question page, a content note, or Check your answers. */
export function backButton(page) {
  return main(page).getByRole('button', { name: 'Back', exact: true });
}

/** Submit, on Check your answers. */
export function submitButton(page) {
  return main(page).getByRole('button', { name: 'Submit', exact: true });
}

/** The "Leave this site" button, with the Escape hint it reads out (both example surveys have Escape on). */
export function exitButton(page) {
  return page.getByRole('button', { name: 'Leave this site or press Esc', exact: true });
}

/** The help box ("Help and support"), on every page and at the end. */
export function helpBox(page) {
  return page.getByRole('complementary', { name: 'Help and support', exact: true });
}

/** The error summary: an alert headed "There is a problem". */
export function errorSummary(page) {
  return page.getByRole('alert', { name: 'There is a problem', exact: true });
}

/**
 * A question asked with radios, checkboxes or a matrix: the group its legend names. Text boxes
 * and dropdowns have a label instead: find those with page.getByLabel(question, { exact: true }).
 */
export function question(page, text) {
  return main(page).getByRole('group', { name: text, exact: true });
}

/** Ticks (with the mouse) the radio or checkbox named `name` in the question's group. */
export async function tick(page, questionText, name) {
  const group = question(page, questionText);
  await group.getByRole('radio', { name, exact: true }).or(group.getByRole('checkbox', { name, exact: true })).check();
}

/** One row of a matrix question: the table row whose row header says `row`. */
export function matrixRow(page, questionText, row) {
  return question(page, questionText).getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: row, exact: true }) });
}

/**
 * "Page k of n" above the heading: the words shown, and the name of the progress bar they label
 * (what a screen reader says for the bar). `text` may be a RegExp.
 */
export async function expectProgress(page, text) {
  await expect(main(page).getByText(text, { exact: true })).toBeVisible();
  await expect(main(page).getByRole('progressbar')).toHaveAccessibleName(text);
}

/**
 * Opens a survey and waits for its intro. Returns a `trail` that remembers
 * the tab's history length, so that every later screen can check that moving
 * between pages added no history entry.
 */
export async function openSurvey(page, url, title) {
  await page.goto(url);
  await expect(heading(page)).toHaveText(title);
  return { url: page.url(), history: await page.evaluate(() => history.length) };
}

/**
 * The screen now shown has this heading, focus is on it (as after every
 * screen change), and the address and history are as they were.
 */
export async function expectScreen(page, trail, title, { focused = true } = {}) {
  const h1 = heading(page);
  await expect(h1).toHaveText(title);
  if (focused) await expect(h1).toBeFocused();
  // One level-1 heading, shown or not.
  await expect(page.getByRole('heading', { level: 1, includeHidden: true })).toHaveCount(1);
  expect(await page.evaluate(() => history.length), 'moving between screens adds no history entry').toBe(trail.history);
  expect(page.url(), 'the address does not change').toBe(trail.url);
}

/**
 * "Check your answers" as the respondent hears it: each question (a term of the summary list)
 * -> the lines of its answer (the paragraphs of the definition after it; the other definition
 * of each question holds its Change button).
 */
export async function checkAnswers(page) {
  const terms = main(page).getByRole('term');
  await expect(terms.first()).toBeVisible();
  const questions = (await terms.allTextContents()).map((t) => t.trim());
  const answers = main(page).getByRole('definition').filter({ hasNot: page.getByRole('button') });
  await expect(answers).toHaveCount(questions.length);
  const out = {};
  for (const [i, q] of questions.entries()) {
    out[q] = (await answers.nth(i).getByRole('paragraph').allTextContents()).map((t) => t.trim());
  }
  return out;
}

/**
 * Goes on with the mouse from the current screen to "Check your answers":
 * Continue on every page, and Skip this page (or, with skipNotes: false, Continue)
 * on every content note.
 */
export async function continueToCheck(page, { skipNotes = true, max = 20 } = {}) {
  for (let i = 0; i < max; i++) {
    const title = await heading(page).textContent();
    if (title === 'Check your answers') return;
    if (await skipPageButton(page).count()) {
      await (skipNotes ? skipPageButton(page) : continueButton(page)).click();
    } else if (await continueButton(page).count()) {
      await continueButton(page).click();
    } else {
      await startButton(page).click();
    }
    await expect(heading(page)).not.toHaveText(title);
  }
  throw new Error('continueToCheck: did not reach Check your answers');
}

/**
 * Which screen is shown, in a few words: its heading, "note" on a content note (a note and its
 * page share a heading; only a note has Skip this page), and "errors" while the error summary is up.
 */
export async function screenSignature(page) {
  return [
    await heading(page).textContent(),
    (await skipPageButton(page).count()) ? 'note' : '',
    (await errorSummary(page).count()) ? 'errors' : '',
  ].join('|');
}

/** The question's Change button on "Check your answers" (its name says which question). */
export function changeButton(page, questionText) {
  return main(page).getByRole('button', { name: `Change ${questionText}`, exact: true });
}

/**
 * The language switcher's buttons. The navigation is named in the language shown ("Language",
 * "اللغة").
 */
export function languageButtons(page) {
  return page.getByRole('navigation', { name: /^(Language|اللغة)$/ }).getByRole('button');
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
