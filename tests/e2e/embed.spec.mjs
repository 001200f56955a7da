// Embedding in a partner's site: the example partner page (examples/partner-site.html,
// with its own analytics script, examples/partner.js) embeds both surveys with embed.js from a
// collector on another origin. Self-contained: it starts its own collector (a fresh key and
// database, --frame-ancestors naming the partner's origin only) and serves the partner page on a
// second origin and again on a third, unlisted one.
//
// The exit URL (https://www.bbc.co.uk/weather) never reaches the network: page.route answers it.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from './collector.mjs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { exitButton, heading, startButton } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SPEAKSAFE = path.join(ROOT, 'target/debug/speaksafe');
// The widget's build the collector serves (E2E_STATIC: another build folder, for trying changes).
const STATIC = process.env.E2E_STATIC ?? 'dist';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const EXIT_URL = 'https://www.bbc.co.uk/weather';
const EXIT_PAGE = '<!doctype html><html lang="en"><title>Weather</title><h1>Weather</h1></html>';
const AREA = 'Which area do you live in? (for example, E16)';
const SECRET = 'Zq7 Larkspur Close';

// Playwright starts Chromium with --disable-back-forward-cache; a respondent's browser has it on.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
});

let collector;
let partner;
let stranger;
let work;
const children = [];


async function start(command, args, url) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path.basename(command)} did not answer at ${url}`);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  if (!fs.existsSync(SPEAKSAFE)) {
    spawnSync('cargo', ['build', '--offline', '-q', '-p', 'speaksafe-collector'], { cwd: ROOT, stdio: 'inherit' });
  }
  const [cPort, pPort, sPort] = [await freePort(), await freePort(), await freePort()];
  collector = `http://127.0.0.1:${cPort}`;
  partner = `http://127.0.0.1:${pPort}`;
  stranger = `http://127.0.0.1:${sPort}`;
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'speaksafe-embed-'));
  const keygen = spawnSync(SPEAKSAFE, ['keygen', '--out', path.join(work, 'test')], { encoding: 'utf8' });
  if (keygen.status !== 0) throw new Error(`speaksafe keygen: ${keygen.stderr}`);
  // The partner's page, pointed at this collector.
  const site = path.join(work, 'site');
  fs.mkdirSync(site);
  for (const name of fs.readdirSync(path.join(ROOT, 'examples'))) {
    const text = fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
    fs.writeFileSync(path.join(site, name), text.replaceAll('http://127.0.0.1:8080', collector));
  }
  await Promise.all([
    start(SPEAKSAFE, ['serve', '--db', path.join(work, 'responses.db'), '--surveys', 'surveys', '--static', STATIC,
      '--listen', `127.0.0.1:${cPort}`, '--frame-ancestors', partner, '--public-key', path.join(work, 'test.pub'),
      '--rate-limit', '0'], `${collector}/embed.js`),
    start(process.execPath, ['tests/e2e/serve.mjs', '--port', String(pPort), '--root', site, '--partner-of', collector],
      `${partner}/partner-site.html`),
    start(process.execPath, ['tests/e2e/serve.mjs', '--port', String(sPort), '--root', site, '--partner-of', collector],
      `${stranger}/partner-site.html`),
  ]);
});

test.afterAll(async () => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

// The surveys' frames, by the titles the partner's page gives them (data-title): what a screen
// reader says for each frame.
const youthFrame = (page) => page.getByTitle('Youth Voice survey', { exact: true });
const survivorFrame = (page) => page.getByTitle('Consultation survey', { exact: true });
// The surveys inside them.
const youthSurvey = (page) => youthFrame(page).contentFrame();
const survivorSurvey = (page) => survivorFrame(page).contentFrame();

/**
 * Opens the partner's page and waits until both surveys show and their widgets have started. Each
 * frame tells the page its exit twice: from its first screen (exit.js), then from the widget.
 */
async function openPartner(page, origin = partner) {
  await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: EXIT_PAGE }));
  await page.goto(`${origin}/partner-site.html`);
  await expect(heading(youthSurvey(page))).toHaveText('Youth Voice: feeling safe');
  await expect(heading(survivorSurvey(page))).toHaveText('Your voice on ending violence against women and girls');
  // Both widgets starting in their frames at once, on a busy machine, may take a while.
  await expect.poll(() => page.evaluate(() => window.pulse.seen.filter((s) => s.includes('"speaksafe":"ready"')).length), { timeout: 20_000 }).toBe(4);
}

/** The frame's own document, as the browser (not the host page) sees it. */
function surveyFrame(page, survey) {
  return page.frames().find((f) => f.url().includes(`survey=${survey}`));
}

test('the frame is isolated: the host page\'s script cannot read its document or the answers typed in it', async ({ page }) => {
  await openPartner(page);
  const frame = youthFrame(page);
  await expect(frame).toHaveAttribute('title', 'Youth Voice survey');
  await expect(frame).toHaveAttribute('data-speaksafe-frame', 'youth-voice');
  await expect(frame).toHaveAttribute('referrerpolicy', 'no-referrer');
  await expect(frame).toHaveAttribute('allow', '');
  expect((await frame.getAttribute('sandbox')).split(' ').sort()).toEqual([
    'allow-forms', 'allow-popups', 'allow-popups-to-escape-sandbox', 'allow-same-origin', 'allow-scripts',
    'allow-top-navigation-by-user-activation']);
  const src = new URL(await frame.getAttribute('src'));
  expect(src.origin).toBe(collector);
  expect(Object.fromEntries(src.searchParams)).toEqual({
    survey: 'youth-voice', embed: '1', host: partner, lang: 'en', 'theme-brand': '#1d70b8', 'theme-font': 'Georgia, serif' });
  // The theme reached the survey's CSS custom properties.
  const inside = surveyFrame(page, 'youth-voice');
  expect(await inside.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--ss-font-family').trim()))
    .toBe('Georgia, serif');

  const survey = youthSurvey(page);
  await startButton(survey).click();
  await expect(heading(survey)).toHaveText('About you');
  await survey.getByLabel(AREA, { exact: true }).click();
  await page.keyboard.type(SECRET);
  await expect(survey.getByLabel(AREA, { exact: true })).toHaveValue(SECRET);

  const seen = await page.evaluate(() => {
    window.pulse.peek();
    const frames = [...document.querySelectorAll('iframe')];
    return {
      contentDocument: frames.map((f) => f.contentDocument),
      document: frames.map((f) => {
        try {
          return f.contentWindow.document ? 'read' : 'none';
        } catch (e) {
          return e.name;
        }
      }),
      log: window.pulse.seen.join('\n'),
      html: document.documentElement.outerHTML,
    };
  });
  expect(seen.contentDocument).toEqual([null, null]);
  expect(seen.document).toEqual(['SecurityError', 'SecurityError']);
  expect(seen.log).toContain('refused: SecurityError');
  expect(seen.log).not.toContain(SECRET);
  expect(seen.log).not.toContain('Larkspur');
  expect(seen.html).not.toContain('Larkspur');
  // The only messages the page got are the frames' exit addresses, from the collector.
  for (const line of seen.log.split('\n').filter((l) => l.startsWith('message'))) {
    expect(line).toMatch(new RegExp(`^message from ${collector}: \\{"speaksafe":"ready"`));
  }
});

// What a respondent does in the frame, done as a tap or typing on what is in view: no scrolling
// of its own (Playwright's click, check and fill would scroll the element into view, across the
// frame and the partner's page), so that any scrolling the partner sees is the survey's.
const tap = (locator) => locator.evaluate((el) => el.click());
const write = (locator, text) => locator.evaluate((el, text) => {
  el.value = text;
  el.dispatchEvent(new InputEvent('input', { bubbles: true }));
}, text);

/**
 * Everything the partner's page can observe of the Youth Voice frame at each step of a walk: the
 * frame's size, how far the partner's page is scrolled (and how often it was), and every message
 * its scripts received. The partner's page is a phone's, scrolled so that the frame starts three
 * quarters of the way down the window: most of the survey is below the fold, where moving focus
 * to an error summary or a heading would scroll the partner's page if the survey let it.
 * `answers[heading]` may `answer(survey)` and `fix(survey)` (after Continue showed an error), and
 * `first(survey)` before anything else on that page.
 */
async function walkObserved(page, answers) {
  await page.setViewportSize({ width: 375, height: 667 });
  await openPartner(page);
  const frame = youthFrame(page);
  const survey = youthSurvey(page);
  await frame.evaluate((f) => window.scrollBy(0, f.getBoundingClientRect().top - innerHeight * 0.75));
  await page.waitForTimeout(300);
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(0);
  const record = [];
  const observe = async (step) => {
    // Long enough for a resize, a scroll or a message to reach the page, were there one.
    await page.waitForTimeout(300);
    record.push({
      step,
      size: await frame.evaluate((f) => [f.getBoundingClientRect().width, f.getBoundingClientRect().height]),
      scroll: await page.evaluate(() => [window.scrollY, window.pulse.seen.filter((s) => s.startsWith('scrolled')).length]),
      // In the order received, which between the two frames is a race: compared as a set.
      messages: (await page.evaluate(() => window.pulse.seen.filter((s) => s.startsWith('message')))).sort(),
    });
  };
  await observe('intro');
  await tap(survey.getByRole('button', { name: 'Start' }));
  for (const heading of ['About you', 'Feeling safe', 'The police']) {
    await expect(survey.getByRole('heading', { level: 1 })).toHaveText(heading);
    await observe(`${heading}, before answering`);
    if (answers[heading]?.first) {
      await answers[heading].first(survey);
      await observe(`${heading}, first`);
    }
    if (answers[heading]) {
      await answers[heading].answer(survey);
      await observe(`${heading}, answered`);
    }
    await tap(survey.getByRole('button', { name: 'Continue' }));
    if (answers[heading]?.fix) {
      await expect(survey.getByRole('alert')).toBeVisible();
      await observe(`${heading}, with an error summary`);
      await answers[heading].fix(survey);
      await tap(survey.getByRole('button', { name: 'Continue' }));
    }
  }
  await expect(survey.getByRole('heading', { level: 1 })).toHaveText('Being online');
  await expect(survey.getByText('Before you go on')).toBeVisible();
  await observe('content note');
  return record;
}

// A partner's script must learn nothing from the frame about what the respondent does: not from
// its size (a follow-up question, an "Other" box or an error summary would make a page taller),
// nor from its own page scrolling (focus moving to an error summary), nor from any message (the
// exit button's words in the language the respondent chose).
test('what the partner\'s page can observe of the frame is the same whatever is answered', async ({ browser }) => {
  test.setTimeout(90_000);
  const quiet = await browser.newPage();
  const none = await walkObserved(quiet, {});
  const busy = await browser.newPage();
  const many = await walkObserved(busy, {
    'About you': {
      // In Arabic and back: the survey's words change, and the page around it must not hear.
      first: async (survey) => {
        await tap(survey.getByRole('button', { name: 'العربية' }));
        await expect(survey.getByRole('heading', { level: 1 })).not.toHaveText('About you');
        await tap(survey.getByRole('button', { name: 'English' }));
        await expect(survey.getByRole('heading', { level: 1 })).toHaveText('About you');
      },
      answer: async (survey) => {
        await write(survey.getByLabel('How old are you?'), '999');
        await tap(survey.getByRole('radio', { name: 'A girl' }));
      },
      fix: (survey) => write(survey.getByLabel('How old are you?'), '13'),
    },
    'Feeling safe': {
      answer: async (survey) => {
        await tap(survey.getByRole('radio', { name: 'In your area when it is dark: Not safe at all' }));
        await tap(survey.getByRole('checkbox', { name: /^Something else/ }));
        await write(survey.getByLabel('Please say'), 'the underpass');
      },
    },
    'The police': {
      answer: async (survey) => {
        await tap(survey.getByRole('group', { name: 'Is there a police officer who works with your school?' })
          .getByRole('radio', { name: 'Yes' }));
        await tap(survey.getByRole('group', { name: 'How often do you see them at school?' })
          .getByRole('radio', { name: 'Every week' }));
      },
    },
  });
  // The walks saw different pages: another language, a follow-up question, an "Other" box, an
  // error summary...
  expect(many.map((r) => r.step)).toContain('About you, first');
  expect(many.map((r) => r.step)).toContain('About you, with an error summary');
  expect(many.length).toBeGreaterThan(none.length);
  // ...and the partner's page saw the same thing at every screen: the same size, never a scroll,
  // the same messages.
  const byScreen = (record) => Object.fromEntries(record.map((r) => [r.step.split(',')[0], r]));
  const [a, b] = [byScreen(none), byScreen(many)];
  expect(Object.keys(b)).toEqual(Object.keys(a));
  for (const record of [none, many]) {
    for (const r of record) {
      expect(r.size, r.step).toEqual(record[0].size);
      expect(r.scroll, r.step).toEqual(record[0].scroll);
    }
  }
  expect(none[0].size).toEqual(many[0].size);
  expect(none[0].scroll).toEqual(many[0].scroll);
  for (const step of Object.keys(a)) expect(b[step].messages, step).toEqual(a[step].messages);
  expect(many.at(-1).messages.every((m) => m.includes('"speaksafe":"ready"'))).toBe(true);
  // The frame is as tall as the window, and the survey scrolls inside it.
  const viewport = quiet.viewportSize();
  expect(none[0].size[1]).toBe(viewport.height);
  const inside = surveyFrame(busy, 'youth-voice');
  expect(await inside.evaluate(() => document.documentElement.scrollHeight > innerHeight)).toBe(true);
  await quiet.close();
  await busy.close();
});

test('in a frame the size of the window, the survey scrolls and its "Leave this site" button stays in view', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openPartner(page);
  const frame = youthFrame(page);
  await frame.scrollIntoViewIfNeeded();
  await frame.evaluate((f) => window.scrollBy(0, f.getBoundingClientRect().top));
  const survey = youthSurvey(page);
  await survey.getByRole('button', { name: 'Start' }).click();
  await expect(survey.getByRole('heading', { level: 1 })).toHaveText('About you');
  // Scrolled to the end of the page inside the frame: the exit button is still at its top.
  const inside = surveyFrame(page, 'youth-voice');
  await inside.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(survey.getByRole('button', { name: 'Continue' })).toBeInViewport();
  await expect(survey.getByRole('button', { name: /^Leave this site/ })).toBeInViewport();
  expect(await inside.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
});

test('Escape inside the frame takes the whole tab to the exit address, without a history entry', async ({ page }) => {
  await openPartner(page);
  const history = await page.evaluate(() => history.length);
  const survey = youthSurvey(page);
  await startButton(survey).click();
  await expect(heading(survey)).toHaveText('About you');
  await survey.getByLabel(AREA, { exact: true }).fill(SECRET);
  await survey.getByLabel(AREA, { exact: true }).press('Escape');
  await page.waitForURL(EXIT_URL);
  await expect(heading(page)).toHaveText('Weather');
  expect(await page.evaluate(() => history.length)).toBe(history);
});

/** Opens the partner's page with the widget's wasm refused: the frames show their first screens only. */
async function openPartnerWithoutWasm(page) {
  await page.route('**/widget_bg.wasm', (route) => route.abort());
  await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: EXIT_PAGE }));
  await page.goto(`${partner}/partner-site.html`);
}

test('before the widget has started (its wasm blocked), the frame shows the intro, and Escape in it or on the host leaves', async ({ page }) => {
  await openPartnerWithoutWasm(page);
  const survey = youthSurvey(page);
  await expect(heading(survey)).toHaveText('Youth Voice: feeling safe');
  await expect(survey.getByRole('link', { name: /^Leave this site/ })).toBeVisible();
  await expect(survey.getByRole('alert')).toHaveText('This survey could not start. Nothing was saved or sent.');
  // exit.js told the partner's page the exit, so its own keys work already.
  await expect.poll(() => page.evaluate(() => window.pulse.seen.filter((s) => s.includes('"speaksafe":"ready"')).length)).toBe(2);
  const history = await page.evaluate(() => history.length);
  await heading(survey).click();
  await page.keyboard.press('Escape');
  await page.waitForURL(EXIT_URL);
  expect(await page.evaluate(() => history.length)).toBe(history);
});

test('before the widget has started, the frame\'s "Leave this site" link takes the whole tab', async ({ page }) => {
  await openPartnerWithoutWasm(page);
  const survey = survivorSurvey(page);
  await expect(heading(survey)).toHaveText('Your voice on ending violence against women and girls');
  await survey.getByRole('link', { name: /^Leave this site/ }).click();
  await page.waitForURL(EXIT_URL);
});

test('Escape on the host page (focus on the host) leaves too', async ({ page }) => {
  await openPartner(page);
  const history = await page.evaluate(() => history.length);
  await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'About us', exact: true }).focus();
  await page.keyboard.press('Escape');
  await page.waitForURL(EXIT_URL);
  await expect(heading(page)).toHaveText('Weather');
  expect(await page.evaluate(() => history.length)).toBe(history);
});

test('Shift pressed three times on the host page leaves; Shift held for a capital letter does not count', async ({ page }) => {
  await openPartner(page);
  await page.getByLabel('Analytics log', { exact: true }).focus();
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift+A');
  await page.keyboard.press('Shift');
  await page.waitForTimeout(200);
  expect(page.url()).toBe(`${partner}/partner-site.html`);
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await page.waitForURL(EXIT_URL);
});

test.describe('with the back/forward cache on', () => {
  test('leaving the partner\'s page by a link, then Back: both surveys start afresh', async ({ page }) => {
    await openPartner(page);
    const survey = youthSurvey(page);
    await startButton(survey).click();
    await survey.getByLabel(AREA, { exact: true }).fill(SECRET);
    await page.evaluate(() => { window.beforeLeaving = window.pulse.seen.length; });
    await page.goto(`${partner}/partner.css`);
    // Restored from the cache, the page fires no load event: wait for the commit only.
    await page.goBack({ waitUntil: 'commit' });
    await expect(page).toHaveURL(`${partner}/partner-site.html`);
    // Whether the page came back from the cache (its script still holding what it saw) or was
    // loaded again, each frame started afresh: each told the page its exit again, from its first
    // screen and from the widget. (What the
    // frames show cannot be read here: Playwright loses cross-origin frames on a cache restore;
    // the widget's own pagehide/pageshow handlers are what blank and reload them.)
    await expect.poll(() => page.evaluate(() => window.pulse.seen.slice(window.beforeLeaving ?? 0)
      .filter((s) => s.includes('"speaksafe":"ready"')).length)).toBe(4);
  });
});

test('the frame\'s "Leave this site" button leaves the host page', async ({ page }) => {
  await openPartner(page);
  await exitButton(survivorSurvey(page)).click();
  await page.waitForURL(EXIT_URL);
});

// The frame is as tall as the window, so its own sticky button scrolls away as the partner's page
// scrolls past the frame's top. The way out must stay in view: the partner's page shows the same button.
test('scrolled past the top of a frame, the page shows the frame\'s "Leave this site" button, fixed in view, and it leaves', async ({ page }) => {
  await openPartner(page);
  const frame = survivorFrame(page);
  // The page's own button, beside the frames (the frames' buttons are inside them): hidden until needed.
  const leave = page.getByRole('button', { name: 'Leave this site', exact: true });
  const scrollFrameTopTo = (y) => frame.evaluate((el, y) => window.scrollBy(0, el.getBoundingClientRect().top - y), y);

  // The frame's top in view: its own button is there, and the page adds none.
  await scrollFrameTopTo(10);
  await expect(exitButton(survivorSurvey(page))).toBeInViewport();
  await expect(leave).toBeHidden();

  // Scrolled on, with the survey still on screen: the page's button is at the top of the window,
  // in the survey's words, 44 px tall at least.
  await scrollFrameTopTo(-300);
  await expect(exitButton(survivorSurvey(page))).not.toBeInViewport();
  await expect(leave).toBeVisible();
  await expect(leave).toHaveText('Leave this site');
  // It is this frame's button (embed.js marks each with its survey).
  await expect(leave).toHaveAttribute('data-speaksafe-leave', 'survivor-consultation');
  const box = await leave.boundingBox();
  expect(box.y).toBe(0);
  expect(box.height).toBeGreaterThanOrEqual(44);
  const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).include('button[data-speaksafe-leave]').analyze();
  expect(axe.violations).toEqual([]);

  // It leaves as the frame's own button does: the page is replaced, with no way Back to it.
  const before = await page.evaluate(() => history.length);
  await leave.click();
  await page.waitForURL(EXIT_URL);
  expect(await page.evaluate(() => history.length)).toBe(before);
});

const SANDBOX = 'allow-scripts allow-forms allow-same-origin allow-top-navigation-by-user-activation';

test('the host takes messages only from its own frames, and a frame posts only to the origin that framed it', async ({ page }) => {
  await openPartner(page);
  // A message from the page itself, and one from a frame of the collector that embed.js did not
  // make (a page's script can make one), are ignored.
  await page.evaluate(() => window.postMessage({ speaksafe: 'exit' }, '*'));
  await page.evaluate(({ collector, partner, SANDBOX }) => {
    const f = document.createElement('iframe');
    f.setAttribute('sandbox', SANDBOX);
    f.id = 'not-embeds';
    f.title = 'Not embed.js';
    f.src = `${collector}/?survey=youth-voice&embed=1&host=${encodeURIComponent(partner)}`;
    document.body.append(f);
  }, { collector, partner, SANDBOX });
  const other = page.getByTitle('Not embed.js', { exact: true }).contentFrame();
  await expect(heading(other)).toHaveText('Youth Voice: feeling safe');
  await startButton(other).click();
  await other.getByLabel('How old are you?', { exact: true }).press('Escape');
  await page.waitForTimeout(500);
  expect(page.url()).toBe(`${partner}/partner-site.html`);

  // A frame told that its host is another origin than its parent's posts nothing at all.
  const before = await page.evaluate(() => window.pulse.seen.length);
  await page.evaluate(({ collector, stranger, SANDBOX }) => {
    const f = document.createElement('iframe');
    f.setAttribute('sandbox', SANDBOX);
    f.id = 'lied-to';
    f.title = 'Lied to';
    f.src = `${collector}/?survey=survivor-consultation&embed=1&host=${encodeURIComponent(stranger)}`;
    document.body.append(f);
  }, { collector, stranger, SANDBOX });
  const liedTo = page.getByTitle('Lied to', { exact: true }).contentFrame();
  await expect(heading(liedTo)).toHaveText('Your voice on ending violence against women and girls');
  await page.waitForTimeout(500);
  const messages = await page.evaluate((n) => window.pulse.seen.slice(n).filter((s) => s.startsWith('message')), before);
  expect(messages).toEqual([]);

  // Without embed.js to ask, the frame's button still takes the whole tab away (a click lets a
  // frame so sandboxed navigate the top window).
  await exitButton(liedTo).click();
  await page.waitForURL(EXIT_URL);
});

test('a site not on the collector\'s frame-ancestors gets no survey', async ({ page }) => {
  const frameResponse = page.waitForResponse((r) => r.url().startsWith(`${collector}/?survey=youth-voice`));
  await page.goto(`${stranger}/partner-site.html`);
  const response = await frameResponse;
  expect(response.headers()['content-security-policy']).toContain(`frame-ancestors ${partner}`);
  await expect(youthFrame(page)).toHaveCount(1);
  await expect(survivorFrame(page)).toHaveCount(1);
  // Chromium shows its own error page in the frame instead of the survey.
  await expect.poll(() => page.frames().filter((f) => f !== page.mainFrame()).map((f) => f.url()))
    .toEqual(['chrome-error://chromewebdata/', 'chrome-error://chromewebdata/']);
  for (const f of page.frames().filter((x) => x !== page.mainFrame())) {
    expect(await exitButton(f).count()).toBe(0);
    expect(await f.getByRole('heading', { name: /^(Youth Voice: feeling safe|Your voice on ending violence against women and girls)$/ }).count()).toBe(0);
    expect(await f.getByRole('button', { name: 'Start', exact: true }).count()).toBe(0);
  }
  // And nothing came back from the frames.
  expect(await page.evaluate(() => window.pulse.seen.filter((s) => s.startsWith('message')))).toEqual([]);
});

test('the language and theme come from the address, and only checked values become CSS', async ({ page }) => {
  const theme = (q) => `${collector}/?survey=youth-voice&lang=ar&${q}`;
  const property = (name) => page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);
  await page.goto(theme('theme-brand=%23c00&theme-text=%23222222&theme-font=%22Noto%20Sans%22%2C%20Arial'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(await property('--ss-colour-brand')).toBe('#c00');
  expect(await property('--ss-colour-text')).toBe('#222222');
  expect(await property('--ss-font-family')).toBe('"Noto Sans", Arial');
  // Anything else is ignored: the survey's own styles stay.
  const hostile = [
    'theme-brand=red', 'theme-text=%23000%3Bbackground%3Aurl(https%3A%2F%2Fa.example%2F)',
    'theme-font=x%3B%20background%3A%20url(https%3A%2F%2Fa.example%2F)', 'theme-font=a%7Db', 'theme-width=1px',
  ].join('&');
  await page.goto(theme(hostile));
  await expect(heading(page)).toBeVisible();
  expect(await property('--ss-colour-brand')).toBe('#1d70b8');
  expect(await property('--ss-colour-text')).toBe('#0b0c0c');
  expect(await property('--ss-font-family')).toMatch(/^system-ui/);
  expect(await page.evaluate(() => document.documentElement.getAttribute('style'))).toBeNull();
  // A language the survey does not have: its first.
  await page.goto(`${collector}/?survey=youth-voice&lang=fr`);
  await expect(heading(page)).toHaveText('Youth Voice: feeling safe');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('axe reports no violations on the partner\'s page with the surveys in it', async ({ page }) => {
  await openPartner(page);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${n.target.join(' ')}`));
  expect(found).toEqual([]);
});
