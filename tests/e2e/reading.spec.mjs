// Reading help for every respondent, by keyboard only: "Easy read" switches every text on the
// page to its easy-read version and back, in place, keeping the answers and the focus; "Read
// aloud" reads a question, its hint and its options with a voice on the device only, in the
// page's language, never a network voice, and stops at once on Stop, on a new page and on the
// quick exit (which still leaves within one frame).
//
// The browser's speech synthesis is replaced, before the app starts, by an instrumented one
// (installSpeech) that logs what it is asked to say, with which voice and language, and keeps
// "speaking" until it is cancelled or told to finish: what a listener would hear, without sound.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './collector.mjs';
import { continueButton, exitButton, heading, main, question, startButton, SURVIVOR, YOUTH } from './helpers.mjs';
import { chooseRadio, isFocused, pressButton, tabTo } from './keyboard.mjs';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const YOUTH_SURVEY = JSON.parse(fs.readFileSync(path.join(ROOT, 'surveys/youth-voice.json'), 'utf8'));
const SURVIVOR_SURVEY = JSON.parse(fs.readFileSync(path.join(ROOT, 'surveys/survivor-consultation.json'), 'utf8'));
const EXIT_URL = 'https://www.bbc.co.uk/weather';

const LOCAL_ENGLISH = { name: 'On-device English', lang: 'en-GB', localService: true, default: false };
const NETWORK_ENGLISH = { name: 'Cloud English', lang: 'en-US', localService: false, default: true };

/** Installed before the app: a speechSynthesis with these voices, which logs every call. */
function installSpeech(voices) {
  const log = [];
  let queue = [];
  const listeners = {};
  class Utterance {
    constructor(text) {
      this.text = text;
      this.lang = '';
      this.voice = null;
      this.onend = null;
      this.onerror = null;
    }
  }
  const synthesis = {
    getVoices: () => voices.map((v) => ({ ...v })),
    speak(u) {
      log.push({ type: 'speak', text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null, local: u.voice ? u.voice.localService : null, at: performance.now() });
      queue.push(u);
    },
    cancel() {
      log.push({ type: 'cancel', speaking: queue.length > 0, at: performance.now() });
      const dropped = queue;
      queue = [];
      for (const u of dropped) u.onerror?.({ error: 'canceled' });
    },
    get speaking() {
      return queue.length > 0;
    },
    addEventListener(type, f) {
      (listeners[type] ||= []).push(f);
    },
    removeEventListener(type, f) {
      listeners[type] = (listeners[type] || []).filter((g) => g !== f);
    },
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synthesis, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  Object.defineProperty(window, '__speech', {
    value: {
      log,
      // Everything queued is read to its end.
      finish() {
        const done = queue;
        queue = [];
        for (const u of done) u.onend?.({});
      },
    },
  });
}

const spoken = (page) => page.evaluate(() => window.__speech.log.filter((e) => e.type === 'speak'));
const cancels = (page) => page.evaluate(() => window.__speech.log.filter((e) => e.type === 'cancel').length);
const en = (text) => (typeof text === 'string' ? text : text.en);

/** Every (standard, easy) pair of English texts a page of the survey shows before anything is
 *  answered (its questions with no condition), where they differ. */
function pairsOn(page) {
  const pairs = [];
  const add = (object, key) => {
    const easy = object.easy?.[key];
    if (object[key] !== undefined && easy !== undefined && typeof object[key] !== 'boolean') pairs.push([en(object[key]), en(easy)]);
  };
  for (const key of ['title', 'intro']) add(page, key);
  for (const q of page.questions.filter((q) => !q.visible_if)) {
    for (const key of ['title', 'text', 'hint', 'other', 'prefer_not_to_say', 'min_label', 'max_label']) add(q, key);
    for (const list of ['options', 'rows', 'columns']) for (const o of q[list] ?? []) add(o, 'text');
  }
  return pairs.filter(([standard, easy]) => standard !== easy);
}

/** Paragraphs come out of innerText as lines: compare texts with their spaces evened out. */
const flat = (text) => text.replace(/\s+/g, ' ').trim();

async function expectWords(page, pairs, easy) {
  const text = flat(await main(page).innerText());
  for (const [standard, simple] of pairs) {
    const [shown, hidden] = easy ? [simple, standard] : [standard, simple];
    expect(text, `${easy ? 'easy read' : 'standard'}: shows "${shown}"`).toContain(flat(shown));
    expect(text, `${easy ? 'easy read' : 'standard'}: no longer shows "${hidden}"`).not.toContain(flat(hidden));
  }
}

async function axeClean(page, screen) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(violations.map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

const easyRead = (page) => page.getByRole('button', { name: 'Easy read', exact: true });

test('easy read switches every text on the page and back, in place, keeping the answers and the focus', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(YOUTH);
  await expect(heading(page)).toBeVisible();
  // On the intro: the switch, and the intro's words.
  await pressButton(page, easyRead(page));
  await expect(easyRead(page)).toHaveAttribute('aria-pressed', 'true');
  expect(await isFocused(easyRead(page)), 'focus stays on the switch').toBe(true);
  await expectWords(page, [[en(YOUTH_SURVEY.intro), en(YOUTH_SURVEY.easy.intro)], [en(YOUTH_SURVEY.safety), en(YOUTH_SURVEY.easy.safety)]], true);
  await axeClean(page, 'intro, easy read');
  await pressButton(page, easyRead(page));
  await expect(easyRead(page)).toHaveAttribute('aria-pressed', 'false');

  // The first page, answered in the standard words.
  await pressButton(page, startButton(page));
  const about = YOUTH_SURVEY.pages[0];
  await expect(heading(page)).toHaveText(en(about.title));
  const age = page.getByLabel(en(about.questions[1].text), { exact: true });
  await tabTo(page, age);
  await page.keyboard.type('13');
  const gender = question(page, en(about.questions[3].text));
  await chooseRadio(page, gender, 'A boy');
  await expectWords(page, pairsOn(about), false);

  // Easy read: every text changes, the answers stay, focus stays on the switch, axe is clean.
  await tabTo(page, easyRead(page), { back: true });
  await page.keyboard.press('Enter');
  await expect(easyRead(page)).toHaveAttribute('aria-pressed', 'true');
  await expectWords(page, pairsOn(about), true);
  expect(await isFocused(easyRead(page)), 'focus stays on the switch').toBe(true);
  const easyAge = page.getByLabel(en(about.questions[1].easy.text), { exact: true });
  await expect(easyAge).toHaveValue('13');
  await expect(question(page, en(about.questions[3].easy.text)).getByRole('radio', { name: 'A boy', exact: true })).toBeChecked();
  await axeClean(page, 'a question page, easy read');

  // It holds on the next page, and back again in the standard words.
  await pressButton(page, continueButton(page));
  const safe = YOUTH_SURVEY.pages[1];
  await expect(heading(page)).toHaveText(en(safe.title));
  await expectWords(page, pairsOn(safe), true);
  await tabTo(page, easyRead(page), { back: true });
  await page.keyboard.press(' ');
  await expect(easyRead(page)).toHaveAttribute('aria-pressed', 'false');
  await expectWords(page, pairsOn(safe), false);
  await axeClean(page, 'a question page, standard words');
});

test('no easy read is offered where the survey has none, nor in a language without it', async ({ page }) => {
  await page.goto(SURVIVOR);
  await expect(heading(page)).toBeVisible();
  await expect(easyRead(page)).toHaveCount(0);
  await page.goto(`${YOUTH}&lang=ar`);
  await expect(heading(page)).toHaveText(YOUTH_SURVEY.title.ar);
  await expect(easyRead(page)).toHaveCount(0);
});

/** Start, then Continue to the survivor consultation's second page (nothing needs an answer). */
async function toSecondPage(page) {
  await page.goto(SURVIVOR);
  await pressButton(page, startButton(page));
  await pressButton(page, continueButton(page));
  await expect(heading(page)).toHaveText(en(SURVIVOR_SURVEY.pages[1].title));
}

test('read aloud speaks the question, its hint and its options in order, in the page\'s language, with the voice on the device', async ({ page }) => {
  await page.addInitScript(installSpeech, [NETWORK_ENGLISH, LOCAL_ENGLISH]);
  await toSecondPage(page);
  const q = SURVIVOR_SURVEY.pages[1].questions[3];
  const group = question(page, en(q.text));
  const readAloud = group.getByRole('button', { name: 'Read aloud', exact: true });
  // Labelled, and described by its question (every question has one).
  await expect(readAloud).toHaveAccessibleDescription(en(q.text));
  // Answered first: an answer is never read out.
  await tabTo(page, group.getByRole('checkbox').first());
  await page.keyboard.press(' ');
  await pressButton(page, readAloud);

  const expected = [en(q.text), en(q.hint), ...q.options.map((o) => en(o.text)), en(q.other), 'Prefer not to say'];
  const said = await spoken(page);
  expect(said.map((s) => s.text)).toEqual(expected);
  for (const s of said) {
    expect(s.lang).toBe('en');
    expect(s.voice, 'the on-device voice, never the default network one').toBe(LOCAL_ENGLISH.name);
    expect(s.local).toBe(true);
  }
  // While it reads, the same button (still focused) says Stop; Stop stops at once.
  const stop = group.getByRole('button', { name: 'Stop', exact: true });
  await expect(stop).toBeFocused();
  const before = await cancels(page);
  await page.keyboard.press('Enter');
  await expect(readAloud).toBeFocused();
  expect(await cancels(page)).toBeGreaterThan(before);

  // Read to the end, the button says Read aloud again.
  await page.keyboard.press('Enter');
  await expect(stop).toBeVisible();
  await page.evaluate(() => window.__speech.finish());
  await expect(readAloud).toBeVisible();

  // Leaving the page stops reading aloud.
  await pressButton(page, readAloud);
  const cancelled = await cancels(page);
  await pressButton(page, continueButton(page));
  await expect(heading(page)).not.toHaveText(en(SURVIVOR_SURVEY.pages[1].title));
  expect(await cancels(page)).toBeGreaterThan(cancelled);
});

test('a typed answer is never read aloud', async ({ page }) => {
  await page.addInitScript(installSpeech, [LOCAL_ENGLISH]);
  await page.goto(YOUTH);
  await pressButton(page, startButton(page));
  const area = YOUTH_SURVEY.pages[0].questions[4];
  const field = page.getByLabel(en(area.text), { exact: true });
  await tabTo(page, field);
  await page.keyboard.type('N1');
  const readAloud = page.locator('.ss-form-group', { has: field }).getByRole('button', { name: 'Read aloud', exact: true });
  await expect(readAloud).toHaveAccessibleDescription(en(area.text));
  await pressButton(page, readAloud, { back: true });
  const said = (await spoken(page)).map((s) => s.text);
  expect(said).toEqual([en(area.text), en(area.hint)]);
  expect(said.join(' ')).not.toContain('N1');
});

test('with only a network voice there is no Read aloud, and nothing is spoken', async ({ page }) => {
  await page.addInitScript(installSpeech, [NETWORK_ENGLISH, { ...LOCAL_ENGLISH, lang: 'fr-FR', name: 'On-device French' }]);
  await toSecondPage(page);
  await expect(page.getByRole('button', { name: 'Read aloud' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  expect(await spoken(page)).toEqual([]);
});

test('the quick exit with speech playing stops it and leaves within one frame', async ({ page, context }) => {
  await page.addInitScript(installSpeech, [LOCAL_ENGLISH]);
  // What happened between the key and the next frame, sent out through a DevTools binding: the
  // exit navigation is held meanwhile, and Playwright no longer evaluates in the old document.
  await page.addInitScript(() => {
    window.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      const at = performance.now();
      requestAnimationFrame(() => {
        const cancel = window.__speech.log.find((e) => e.type === 'cancel' && e.at >= at);
        window.__report(JSON.stringify({
          mainAtFrame: !!document.getElementById('ss-main'),
          body: document.body ? [...document.body.children].map((c) => c.className) : null,
          cancelled: cancel ? { speaking: cancel.speaking, after: cancel.at - at } : null,
          frameAfter: performance.now() - at,
        }));
      });
    }, true);
  });
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('https://www.bbc.co.uk/**', async (route) => {
    await held;
    await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' });
  });
  const cdp = await context.newCDPSession(page);
  const report = new Promise((resolve) => cdp.on('Runtime.bindingCalled', (e) => e.name === '__report' && resolve(JSON.parse(e.payload))));
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: '__report' });

  await toSecondPage(page);
  await pressButton(page, main(page).getByRole('button', { name: 'Read aloud' }).first());
  await expect(main(page).getByRole('button', { name: 'Stop', exact: true })).toBeFocused();
  expect(await page.evaluate(() => window.speechSynthesis.speaking)).toBe(true);
  await page.keyboard.press('Escape');
  const m = await report;
  expect(m.mainAtFrame, 'the survey is gone by the next frame').toBe(false);
  expect(m.body).toEqual(['ss-exit-cover']);
  expect(m.cancelled, 'speech was cancelled while it played, before the next frame').toEqual({ speaking: true, after: expect.any(Number) });
  release();
  await page.waitForURL(EXIT_URL);
  await expect(exitButton(page)).toHaveCount(0);
});
