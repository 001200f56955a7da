// The quick exit (the README's second promise): Escape, Shift pressed three
// times, and the "Leave this site" button (clicked, or activated from the
// keyboard) blank the page within one frame, leave for the survey's exit URL
// without leaving the survey in the tab's history, and work on every screen.
//
// The exit URL (https://www.bbc.co.uk/weather) never reaches the network: it is
// answered by page.route. The route also *holds* the exit navigation until the
// in-page measurements are read, so that the survey document (and the probe in
// it) is still alive when the test asks what happened in the frame after the key.
import { test, expect } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import {
  continueButton, errorSummary, exitButton, heading, main, question, screenSignature, skipPageButton, startButton,
  submitButton, tick,
} from './helpers.mjs';

const EXIT_URL = 'https://www.bbc.co.uk/weather';
const EXIT_PAGE = '<!doctype html><title>Weather</title><h1>Weather</h1>';
// A partner's page that links to the survey: the entry before the survey in the
// tab's history, so that Back from the exit page has somewhere to go.
const PARTNER_URL = 'https://partner.example/consultations';
const PARTNER_PAGE = '<!doctype html><title>Partner</title><h1>Partner</h1>';


// Distinctive answers: none of them may be on screen after an exit.
const OTHER_TEXT = 'Leaflet at the GP surgery';
const SENTENCE = 'My Name Is Sam And I Live In London.';

// Playwright starts Chromium with --disable-back-forward-cache. A respondent's
// browser has the cache on, so every test here runs with it on.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
});

// ---------------------------------------------------------------------------
// In-page probe, installed before any of the app's code runs (addInitScript).
// A capture listener on window runs before the app's capture listener on
// document, so `at` is taken before the app sees the event. The survey counts
// as gone at the first moment #ss-main is found out of the document by either
//  - a MutationObserver (any way of removing it; its callback runs only once
//    the app's handler has returned), or
//  - a custom element placed at the end of <body>, whose disconnectedCallback
//    runs synchronously when the body's children are replaced (the exact moment,
//    before the handler goes on to drop the answers and start the navigation).
// A requestAnimationFrame callback registered at each trigger tells what the
// next frame would have shown.
//
// The result is pushed out through a DevTools binding (Runtime.addBinding) from
// that rAF callback: while the exit navigation is held, the old document still
// runs, but Playwright no longer evaluates in it.
function installProbe() {
  const probe = { armed: false, sent: false, triggers: [], goneAt: null, goneBy: null, handlerDoneAt: null, bodyAtGone: null, textAtGone: null };
  Object.defineProperty(window, '__ssProbe', {
    value: {
      arm() {
        probe.armed = true;
        probe.triggers = [];
      },
    },
  });
  const bodyChildren = () => (document.body ? [...document.body.children].map((c) => `${c.tagName.toLowerCase()}.${c.className}`) : null);
  // The trigger that removed the survey is the last key event before the
  // removal (keydown for Escape and for Enter on the button, keyup for the third
  // Shift and for Space on the button), or else the click of a mouse. Reported
  // once that trigger's frame has come.
  const report = () => {
    if (probe.sent || probe.goneAt === null || probe.handlerDoneAt === null) return;
    const before = probe.triggers.filter((t) => t.at <= probe.goneAt);
    const keys = before.filter((t) => t.type !== 'click');
    const trigger = keys.length > 0 ? keys[keys.length - 1] : before[before.length - 1];
    if (!trigger || trigger.rafAt === null) return;
    probe.sent = true;
    window.__ssProbeSend(
      JSON.stringify({
        trigger,
        goneAt: probe.goneAt,
        goneBy: probe.goneBy,
        delay: probe.goneAt - trigger.at,
        delayFromStamp: probe.goneAt - trigger.stamp,
        handlerDone: probe.handlerDoneAt - trigger.at,
        bodyAtGone: probe.bodyAtGone,
        textAtGone: probe.textAtGone,
        title: document.title,
      }),
    );
  };
  const record = (event) => {
    if (!probe.armed || probe.goneAt !== null) return;
    const trigger = {
      type: event.type,
      key: event.key ?? null,
      at: performance.now(),
      stamp: event.timeStamp,
      rafAt: null,
      mainAtRaf: null,
      bodyAtRaf: null,
    };
    probe.triggers.push(trigger);
    requestAnimationFrame(() => {
      trigger.rafAt = performance.now();
      trigger.mainAtRaf = !!document.getElementById('ss-main');
      trigger.bodyAtRaf = bodyChildren();
      report();
    });
  };
  for (const type of ['keydown', 'keyup', 'click']) window.addEventListener(type, record, true);
  const noteGone = (by) => {
    const now = performance.now();
    if (!probe.armed || probe.goneAt !== null || probe.triggers.length === 0 || document.getElementById('ss-main')) return;
    probe.goneAt = now;
    probe.goneBy = by;
    probe.bodyAtGone = bodyChildren();
    probe.textAtGone = document.body ? document.body.innerText : '';
  };
  new MutationObserver(() => {
    noteGone('MutationObserver');
    if (probe.goneAt !== null && probe.handlerDoneAt === null) probe.handlerDoneAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
  customElements.define(
    'ss-probe-sentinel',
    class extends HTMLElement {
      disconnectedCallback() {
        noteGone('body replaced');
      }
    },
  );
  document.addEventListener('DOMContentLoaded', () => document.body.append(document.createElement('ss-probe-sentinel')));
}

// ---------------------------------------------------------------------------
// Set-up shared by every test: the exit page (held until released), the
// partner page, the probe, and a DevTools session to read the tab's history.
async function prepare(page, context) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  const exitRequests = [];
  await page.route('https://www.bbc.co.uk/**', async (route) => {
    exitRequests.push(route.request().url());
    await released;
    await route.fulfill({ contentType: 'text/html', body: EXIT_PAGE });
  });
  await page.route('https://partner.example/**', (route) => route.fulfill({ contentType: 'text/html', body: PARTNER_PAGE }));
  await page.addInitScript(installProbe);
  const cdp = await context.newCDPSession(page);
  const reports = [];
  const waiting = [];
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== '__ssProbeSend') return;
    reports.push(JSON.parse(event.payload));
    waiting.splice(0).forEach((resolve) => resolve());
  });
  await cdp.send('Runtime.enable'); // bindingCalled is only sent with Runtime enabled
  await cdp.send('Runtime.addBinding', { name: '__ssProbeSend' });
  // The next measurement the probe sends, or an error after `ms`.
  const measurement = (ms = 5_000) =>
    new Promise((resolve, reject) => {
      const had = reports.length;
      const timer = setTimeout(() => reject(new Error('the survey was not removed (no measurement from the page)')), ms);
      const check = () => {
        if (reports.length > had) {
          clearTimeout(timer);
          resolve(reports[reports.length - 1]);
        } else waiting.push(check);
      };
      check();
    });
  return { exitRequests, release, cdp, measurement };
}

async function historyUrls(cdp) {
  const { entries } = await cdp.send('Page.getNavigationHistory');
  return entries.map((e) => e.url);
}

async function openSurvey(page, path = '/') {
  await page.goto(path);
  await expect(heading(page)).toBeVisible();
  return page.evaluate(() => history.length);
}

// Back and Forward wait only for the commit: a page restored from the
// back/forward cache fires no load event.
const HISTORY_MOVE = { waitUntil: 'commit' };

const isSurveyUrl = (url) => url.startsWith('http://127.0.0.1:');

// Triggers. Each returns a promise for the input it sends; the test reads the
// probe while the exit navigation is held, then waits for the input to finish.
const TRIGGERS = {
  Escape: { run: (page) => page.keyboard.press('Escape') },
  'Shift x3': {
    run: async (page) => {
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    },
  },
  'button, clicked': {
    run: async (page) => {
      // A real mouse click at the button's centre (no waiting for navigation).
      const box = await exitButton(page).boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    },
  },
  'button, Enter': {
    focusButton: true,
    run: (page) => page.keyboard.press('Enter'),
  },
  'button, Space': {
    focusButton: true,
    run: (page) => page.keyboard.press(' '),
  },
};

// Leaves with `trigger` and checks the whole promise of the quick exit; returns
// the measurement.
async function leaveAndCheck(page, env, triggerName, { historyLength, secrets = [] }) {
  const trigger = TRIGGERS[triggerName];
  if (trigger.focusButton) {
    await exitButton(page).focus();
    await expect(exitButton(page)).toBeFocused();
  }
  await page.evaluate(() => window.__ssProbe.arm());
  const measured = env.measurement();
  const input = trigger.run(page);

  // 1. The survey is gone within one frame of the trigger.
  const m = await measured;
  expect(m.bodyAtGone, 'the body holds only the blank cover').toEqual(['div.ss-exit-cover']);
  expect(m.trigger.mainAtRaf, `survey still in the document at the next frame after ${m.trigger.type}`).toBe(false);
  expect(m.trigger.bodyAtRaf).toEqual(['div.ss-exit-cover']);
  // Gone before the next frame: no frame after the key or click shows the survey. (How many
  // milliseconds that takes is measured by bench/quick-exit, not asserted here: with the other
  // test worker on the same two cores it moves with the load, not with the code.)
  expect(m.goneAt, `${m.trigger.type} ${m.trigger.key ?? ''}: survey gone before the next frame`).toBeLessThan(m.trigger.rafAt);
  for (const secret of secrets) expect(m.textAtGone).not.toContain(secret);
  expect(m.title).toBe('Survey');

  // 2. The tab arrives at the exit URL, and the survey's entry was replaced.
  env.release();
  await input;
  await page.waitForURL(EXIT_URL);
  await expect(heading(page)).toHaveText('Weather');
  expect(env.exitRequests.length).toBe(1);
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  const urls = await historyUrls(env.cdp);
  expect(urls.filter(isSurveyUrl), `survey still in the tab's history: ${urls.join(', ')}`).toEqual([]);
  test.info().annotations.push({
    type: 'timing',
    description:
      `${triggerName}: ${m.trigger.type}${m.trigger.key ? ` ${m.trigger.key}` : ''} -> survey gone ${m.delay.toFixed(1)} ms (seen by: ${m.goneBy}; ` +
      `from event.timeStamp ${m.delayFromStamp.toFixed(1)} ms; the app's handler done ${m.handlerDone.toFixed(1)} ms)`,
  });
  return m;
}

// No answer anywhere on the page now shown: no survey, or a fresh survey.
async function expectNoAnswerVisible(page, secrets = []) {
  const state = await page.evaluate(() => ({
    text: document.body ? document.body.innerText : '',
    checked: document.querySelectorAll('input:checked').length,
    filled: [...document.querySelectorAll('input[type=text], textarea')].filter((e) => e.value !== '').length,
    chosen: [...document.querySelectorAll('select')].filter((s) => s.value !== '').length,
  }));
  expect(state.checked).toBe(0);
  expect(state.filled).toBe(0);
  expect(state.chosen).toBe(0);
  for (const secret of secrets) expect(state.text).not.toContain(secret);
}

const AREA = 'Which area do you live in? (for example, E16)';

// The survivor consultation, page 2 of 8, with answers on both pages and focus
// in the "somewhere else" text box.
async function survivorMidSurvey(page) {
  await startButton(page).click();
  await expect(heading(page)).toHaveText('About you');
  await tick(page, 'Which of these best describes why you are answering?', 'I have experienced violence or abuse');
  await page.getByLabel('How old are you?', { exact: true }).selectOption({ label: '25 to 34' });
  await tick(page, 'Do you live in the city?', 'Yes'); // the area question appears
  await page.getByLabel(AREA, { exact: true }).fill('E16');
  await page.getByLabel('How did you hear about this consultation?', { exact: true }).selectOption({ label: 'From a friend or family member' });
  await continueButton(page).click();
  await expect(heading(page)).toHaveText('Finding help');
  await tick(page, 'Have you ever looked for information or help about violence or abuse, for yourself or someone else?', 'Yes');
  await tick(page, 'Where did you look?', 'A search engine, like Google');
  await tick(page, 'Where did you look?', 'Somewhere else (please tell us where)');
  const field = question(page, 'Where did you look?').getByLabel('Please say', { exact: true });
  await field.fill(OTHER_TEXT);
  await field.focus();
  await expect(field).toBeFocused();
  const ticked = main(page).getByRole('radio', { checked: true }).or(main(page).getByRole('checkbox', { checked: true }));
  expect(await ticked.count()).toBe(3); // and four answers on page 1
  return field;
}

// Youth Voice, page 1, with several answers and focus in the area text box.
async function youthMidSurvey(page) {
  await startButton(page).click();
  await page.getByLabel('How old are you?', { exact: true }).fill('13');
  await page.getByLabel('What year are you in at school?', { exact: true }).selectOption({ label: 'Year 8' });
  await tick(page, 'Which of these describes you?', 'A girl');
  const field = page.getByLabel(AREA, { exact: true });
  await field.fill('N1');
  await field.focus();
  return field;
}

// ---------------------------------------------------------------------------

test.describe('quick exit mid-survey, focus in a text field', () => {
  for (const triggerName of Object.keys(TRIGGERS)) {
    test(`${triggerName}: blank within a frame, exit URL, survey not in history, Back shows no answer`, async ({ page, context }) => {
      const env = await prepare(page, context);
      await page.goto(PARTNER_URL);
      const historyLength = await openSurvey(page, '/');
      await survivorMidSurvey(page);

      await leaveAndCheck(page, env, triggerName, { historyLength, secrets: [OTHER_TEXT] });

      // Back goes to the page before the survey, never to the survey.
      await page.goBack(HISTORY_MOVE);
      expect(page.url()).toBe(PARTNER_URL);
      await expect(heading(page)).toHaveText('Partner');
      await expectNoAnswerVisible(page, [OTHER_TEXT]);
      // And forward again is the exit page, not the survey.
      await page.goForward(HISTORY_MOVE);
      expect(page.url()).toBe(EXIT_URL);
      await expect(heading(page)).toHaveText('Weather');
      await expectNoAnswerVisible(page, [OTHER_TEXT]);
      expect((await historyUrls(env.cdp)).filter(isSurveyUrl)).toEqual([]);
    });
  }

  test('Escape on Youth Voice, the survey being the first page in the tab: Back has nowhere to go', async ({ page, context }) => {
    const env = await prepare(page, context);
    const historyLength = await openSurvey(page, '/?survey=youth-voice');
    await youthMidSurvey(page);
    await leaveAndCheck(page, env, 'Escape', { historyLength });
    // Back stays on the exit page (or goes to a blank start page): never the survey.
    await page.goBack(HISTORY_MOVE);
    expect(isSurveyUrl(page.url())).toBe(false);
    await expectNoAnswerVisible(page);
  });
});

test.describe('keys that must not leave', () => {
  test('a sentence with capitals, two Shift presses, and Shift+Tab do not leave; three Shifts then do', async ({ page, context }) => {
    const env = await prepare(page, context);
    const historyLength = await openSurvey(page, '/');
    const field = await survivorMidSurvey(page);
    await field.fill('');

    // Each case starts from a count of nothing: a key other than Shift resets it.
    const fresh = async () => {
      await field.focus();
      await page.keyboard.press('End');
    };
    const stillHere = async (what) => {
      expect(await main(page).count(), `${what} left the survey`).toBe(1);
      expect(env.exitRequests, `${what} started the exit`).toEqual([]);
      expect(page.url()).not.toBe(EXIT_URL);
    };

    // Typed the way a person types: Shift held for each capital letter.
    for (const ch of SENTENCE) {
      if (/[A-Z]/.test(ch)) {
        await page.keyboard.down('Shift');
        await page.keyboard.press(`Key${ch}`);
        await page.keyboard.up('Shift');
      } else {
        await page.keyboard.press(ch === ' ' ? 'Space' : ch);
      }
    }
    await expect(field).toHaveValue(SENTENCE);
    await stillHere('typing a sentence with capitals');

    await fresh();
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await stillHere('two Shift presses');

    // Two Shift presses, then Shift+Tab (back to the previous field): the Shift
    // held for Tab is not the third press.
    await fresh();
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift+Tab');
    await stillHere('Shift, Shift, Shift+Tab');
    await expect(field).not.toBeFocused();

    // Moving backwards three times.
    await fresh();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
    await stillHere('Shift+Tab three times');

    // Holding Shift down (auto-repeat) is one press: with one more, two.
    await fresh();
    await page.keyboard.down('Shift');
    for (let i = 0; i < 3; i++) await page.keyboard.down('Shift'); // repeats
    await page.keyboard.up('Shift');
    await page.keyboard.press('Shift');
    await stillHere('Shift held down, then Shift');

    // The count is alive: three clean presses now leave.
    await fresh();
    await leaveAndCheck(page, env, 'Shift x3', { historyLength, secrets: [OTHER_TEXT, SENTENCE] });
  });
});

// ---------------------------------------------------------------------------
// Every screen: intro, a question page, the error state, check your answers,
// completion, and the page for a survey that cannot be shown.

// Continue through the survivor consultation without answering, skipping the
// pages behind a content note, up to Check your answers.
async function survivorToCheck(page) {
  await startButton(page).click();
  for (let step = 0; step < 20; step++) {
    if (await main(page).getByRole('term').count()) return;
    const title = await heading(page).textContent();
    if (await skipPageButton(page).count()) {
      await skipPageButton(page).click();
    } else {
      await continueButton(page).click();
    }
    await expect(heading(page)).not.toHaveText(title);
  }
  throw new Error('did not reach Check your answers');
}

const SCREENS = {
  intro: {
    path: '/',
    async reach(page) {
      await expect(startButton(page)).toBeVisible();
    },
  },
  'question page': {
    path: '/',
    async reach(page) {
      await startButton(page).click();
      await tick(page, 'Do you live in the city?', 'Yes');
      await page.getByLabel(AREA, { exact: true }).fill('E16');
      await page.getByLabel(AREA, { exact: true }).focus();
    },
  },
  'error state': {
    path: '/',
    async reach(page) {
      await startButton(page).click();
      await tick(page, 'Do you live in the city?', 'Yes');
      await page.getByLabel(AREA, { exact: true }).fill('ZZZZ');
      await continueButton(page).click();
      await expect(errorSummary(page)).toBeFocused();
    },
  },
  'check your answers': {
    path: '/',
    async reach(page) {
      await survivorToCheck(page);
      await expect(heading(page)).toHaveText('Check your answers');
      await expect(main(page).getByRole('term').first()).toBeVisible();
    },
  },
  completion: {
    path: '/',
    async reach(page) {
      await survivorToCheck(page);
      await submitButton(page).click();
      await expect(main(page).getByRole('heading', { level: 1 })).toHaveText('Thank you');
    },
  },
  'survey that cannot be shown': {
    path: '/?survey=does-not-exist',
    async reach(page) {
      await expect(heading(page)).toHaveText('This survey cannot be shown');
      await expect(exitButton(page)).toBeVisible();
    },
  },
};

test.describe('every trigger on every screen', () => {
  for (const [screenName, screen] of Object.entries(SCREENS)) {
    for (const triggerName of ['Escape', 'Shift x3', 'button, clicked', 'button, Enter']) {
      test(`${screenName}: ${triggerName}`, async ({ page, context }) => {
        const env = await prepare(page, context);
        const historyLength = await openSurvey(page, screen.path);
        await screen.reach(page);
        expect(await page.evaluate(() => history.length)).toBe(historyLength);
        await leaveAndCheck(page, env, triggerName, { historyLength });
      });
    }
  }
});

// ---------------------------------------------------------------------------

test.describe('moving through a survey', () => {
  for (const [name, path] of [['survivor consultation', '/'], ['Youth Voice', '/?survey=youth-voice']]) {
    test(`${name}: no history entries, neutral title on every screen`, async ({ page, context }) => {
      await prepare(page, context); // for Submit: a key and a stand-in collector
      await page.goto(path);
      await expect(heading(page)).toBeVisible();
      const start = await page.evaluate(() => ({ length: history.length, url: location.href }));
      const seen = new Set();
      const check = async () => {
        const now = await page.evaluate(() => ({ length: history.length, url: location.href, title: document.title }));
        now.heading = await heading(page).textContent();
        expect(now.title, `title on "${now.heading}"`).toBe('Survey');
        expect(now.length, `history on "${now.heading}"`).toBe(start.length);
        expect(now.url, `address on "${now.heading}"`).toBe(start.url);
        seen.add(now.heading);
      };
      await check();
      // The skip link moves focus without adding "#ss-main" to the address.
      await page.getByRole('link', { name: 'Skip to main content', exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect(main(page)).toBeFocused();
      await check();

      const summary = main(page).getByRole('term');
      const area = page.getByLabel(AREA, { exact: true });
      const livesInCity = question(page, 'Do you live in the city?').getByRole('radio', { name: 'Yes', exact: true });
      await startButton(page).click();
      let errorsSeen = false;
      for (let step = 0; step < 40; step++) {
        await check();
        if (await summary.count()) break;
        const before = await screenSignature(page);
        if (await skipPageButton(page).count()) {
          await continueButton(page).click(); // the content note's Continue
        } else if (!errorsSeen && (await area.count()) + (await livesInCity.count())) {
          // The error state, once. (In the survivor consultation the area
          // question shows for those who live in the city.)
          if (await livesInCity.count()) await livesInCity.check();
          await area.fill('ZZZZZ');
          await continueButton(page).click();
          await expect(errorSummary(page)).toBeVisible();
          await check();
          errorsSeen = true;
          await area.fill('E16');
          await continueButton(page).click();
        } else {
          if (step === 3) {
            // Back, then on again.
            await main(page).getByRole('button', { name: 'Back', exact: true }).click();
            await expect.poll(() => screenSignature(page)).not.toBe(before);
            await check();
            await continueButton(page).click();
            await expect.poll(() => screenSignature(page)).toBe(before);
            await check();
          }
          await continueButton(page).click();
        }
        await expect.poll(() => screenSignature(page)).not.toBe(before);
      }
      await expect(summary.first()).toBeVisible();
      await check();
      // Change an answer, come back, submit.
      await main(page).getByRole('button', { name: /^Change / }).first().click();
      await expect(summary).toHaveCount(0);
      await check();
      await continueButton(page).click();
      for (let i = 0; i < 20 && !(await summary.count()); i++) {
        await check();
        const before = await screenSignature(page);
        await continueButton(page).click();
        await expect.poll(() => screenSignature(page)).not.toBe(before);
      }
      await expect(summary.first()).toBeVisible();
      await submitButton(page).click();
      await expect(main(page).getByRole('heading', { level: 1 })).toHaveText('Thank you');
      await check();
      expect(errorsSeen).toBe(true);
      expect(seen.size).toBeGreaterThan(5);
    });
  }
});

// ---------------------------------------------------------------------------
// The back/forward cache (on for this whole file, see test.use above). With the production headers (Cache-Control: no-store)
// Chromium declines to keep the survey; served without no-store (a partner's
// server might), it keeps it, and then the survey must not show the answers it
// had when the respondent navigated away.

test.describe('with the back/forward cache on', () => {

  // Records, in the page, what a `pageshow` that restores from the cache finds
  // in the document before the app's own listener runs.
  function watchPageshow() {
    addEventListener('pageshow', (event) => {
      if (!event.persisted) return;
      const report = {
        persisted: true,
        main: !!document.getElementById('ss-main'),
        checked: document.querySelectorAll('input:checked').length,
        filled: [...document.querySelectorAll('input[type=text], textarea')].filter((e) => e.value !== '').length,
        text: document.body ? document.body.innerText : '',
      };
      window.__ssReportPageshow?.(report);
    });
  }

  async function watchCache(page, context) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.enable');
    const cache = { notUsed: [], restored: [], pageshows: [] };
    cdp.on('Page.backForwardCacheNotUsed', (e) => cache.notUsed.push(e.notRestoredExplanations.map((x) => x.reason)));
    cdp.on('Page.frameNavigated', (e) => {
      if (!e.frame.parentId && e.type === 'BackForwardCacheRestore') cache.restored.push(e.frame.url);
    });
    await page.exposeFunction('__ssReportPageshow', (report) => cache.pageshows.push(report));
    await page.addInitScript(watchPageshow);
    return cache;
  }

  test('quick exit, then Back and Forward: the survey is never shown again', async ({ page, context }) => {
    const env = await prepare(page, context);
    const cache = await watchCache(page, context);
    await page.goto(PARTNER_URL);
    const historyLength = await openSurvey(page, '/');
    await survivorMidSurvey(page);
    await leaveAndCheck(page, env, 'Escape', { historyLength, secrets: [OTHER_TEXT] });
    await page.goBack(HISTORY_MOVE);
    expect(page.url()).toBe(PARTNER_URL);
    await page.goForward(HISTORY_MOVE);
    expect(page.url()).toBe(EXIT_URL);
    await page.goBack(HISTORY_MOVE);
    expect(page.url()).toBe(PARTNER_URL);
    await expect(heading(page)).toHaveText('Partner');
    await expectNoAnswerVisible(page, [OTHER_TEXT]);
    expect(cache.restored.filter(isSurveyUrl)).toEqual([]);
    expect(cache.pageshows.filter((r) => r.main)).toEqual([]);
  });

  test('production headers: leaving by an ordinary navigation, Back loads a fresh survey', async ({ page, context }) => {
    const env = await prepare(page, context);
    env.release();
    const cache = await watchCache(page, context);
    await openSurvey(page, '/');
    await survivorMidSurvey(page);
    await page.goto(EXIT_URL); // as if the address were typed
    await page.goBack(HISTORY_MOVE);
    await expect(startButton(page)).toBeVisible();
    await expectNoAnswerVisible(page, [OTHER_TEXT]);
    const navigation = await page.evaluate(() => performance.getEntriesByType('navigation')[0].type);
    const reasons = cache.notUsed.flat();
    test.info().annotations.push({
      type: 'bfcache',
      description: `restored from the cache: ${cache.restored.length > 0}; navigation type ${navigation}; reasons not used: ${reasons.join(', ') || 'none'}`,
    });
    // Either way, what showed at pageshow held no answer.
    for (const shown of cache.pageshows) {
      expect(shown.checked + shown.filled).toBe(0);
      expect(shown.text).not.toContain(OTHER_TEXT);
    }
    if (cache.restored.some(isSurveyUrl)) {
      expect(navigation).toBe('reload'); // the app reloads a restored survey
    } else {
      expect(navigation).toBe('back_forward');
      expect(reasons).toContain('MainResourceHasCacheControlNoStore');
    }
  });

  test('served without no-store: the cache keeps the survey, and it comes back blank, then fresh', async ({ page, context }) => {
    const env = await prepare(page, context);
    env.release();
    const cache = await watchCache(page, context);
    // The same files, without Cache-Control: no-store.
    await page.route(/^http:\/\/127\.0\.0\.1:\d+\//, async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      delete headers['cache-control'];
      await route.fulfill({ response, headers });
    });
    await openSurvey(page, '/');
    await survivorMidSurvey(page);
    await page.goto(EXIT_URL);
    await page.goBack(HISTORY_MOVE);
    await expect(startButton(page)).toBeVisible();
    await expectNoAnswerVisible(page, [OTHER_TEXT]);
    test.info().annotations.push({
      type: 'bfcache',
      description: `restored from the cache: ${cache.restored.length > 0}; reasons not used: ${cache.notUsed.flat().join(', ') || 'none'}`,
    });
    expect(cache.restored.filter(isSurveyUrl).length, 'Chromium kept the survey in its back/forward cache').toBe(1);
    expect(cache.pageshows.length).toBeGreaterThan(0);
    // The restored document, at the first moment it could be seen, holds no answer.
    for (const shown of cache.pageshows) {
      expect(shown.checked + shown.filled, 'answers in the restored document').toBe(0);
      expect(shown.text).not.toContain(OTHER_TEXT);
    }
    expect(await page.evaluate(() => performance.getEntriesByType('navigation')[0].type)).toBe('reload');
  });
});
