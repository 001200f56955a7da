// Safe from the first paint: the collector sends the survey's first screen as HTML (its title,
// intro, safety advice and help lines, and "Leave this site" as a link to the exit address), and
// exit.js arms Escape and Shift x3 before the widget's wasm has arrived. Then the widget takes
// the same page over: nothing moves, focus stays where it was, Start works.
import { test, expect } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { exitButton, heading, helpBox, main, startButton } from './helpers.mjs';

const EXIT_URL = 'https://www.bbc.co.uk/weather';
const EXIT_PAGE = '<!doctype html><title>Weather</title><h1>Weather</h1>';
const PARTNER_URL = 'https://partner.example/consultations';
const PARTNER_PAGE = '<!doctype html><title>Partner</title><h1>Partner</h1>';
const TITLE = 'Your voice on ending violence against women and girls';
const INTRO = /This consultation is run by the City consultation team/;

// A respondent's browser keeps pages in its back/forward cache.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
});

/** The exit page and a page before the survey in the tab's history; the wasm held until `release`. */
async function prepare(page, { block = false } = {}) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: EXIT_PAGE }));
  await page.route('https://partner.example/**', (route) => route.fulfill({ contentType: 'text/html', body: PARTNER_PAGE }));
  await page.route('**/widget_bg.wasm', async (route) => {
    if (block) return route.abort();
    await released;
    return route.continue();
  });
  await page.goto(PARTNER_URL);
  return { release };
}

const firstExit = (page) => page.getByRole('link', { name: /^Leave this site/ });

async function surveyNotInHistory(page) {
  const cdp = await page.context().newCDPSession(page);
  const { entries } = await cdp.send('Page.getNavigationHistory');
  expect(entries.map((e) => e.url).filter((url) => url.startsWith('http://127.0.0.1:'))).toEqual([]);
  await page.goBack({ waitUntil: 'commit' });
  expect(page.url()).toBe(PARTNER_URL);
}

test('with the wasm blocked, the intro and help lines are readable and the respondent is told it could not start', async ({ page }) => {
  await prepare(page, { block: true });
  await page.goto('/');
  await expect(heading(page)).toHaveText(TITLE);
  await expect(main(page).getByText(INTRO)).toBeVisible();
  await expect(helpBox(page)).toBeVisible();
  await expect(main(page).getByRole('button', { name: 'Start' })).toBeDisabled();
  await expect(page.getByRole('alert')).toHaveText('This survey could not start. Nothing was saved or sent.');
  await expect(page).toHaveTitle('Survey');
});

for (const [name, leave] of [
  ['the link, clicked', (page) => firstExit(page).click()],
  ['Escape', (page) => page.keyboard.press('Escape')],
  ['Shift x3', async (page) => { for (let i = 0; i < 3; i++) await page.keyboard.press('Shift'); }],
]) {
  test(`with the wasm blocked, ${name} leaves for the exit address without a history entry`, async ({ page }) => {
    await prepare(page, { block: true });
    await page.goto('/?survey=youth-voice');
    await expect(heading(page)).toHaveText('Youth Voice: feeling safe');
    await expect(page.getByRole('alert')).toBeVisible();
    await leave(page);
    await page.waitForURL(EXIT_URL);
    await surveyNotInHistory(page);
  });
}

test('Escape pressed while the wasm is still downloading leaves', async ({ page }) => {
  const { release } = await prepare(page);
  await page.goto('/');
  await expect(heading(page)).toHaveText(TITLE);
  await expect(firstExit(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await page.waitForURL(EXIT_URL);
  release();
  await surveyNotInHistory(page);
});

test('with JavaScript off, the intro and help lines are readable and the link leaves, with no console error', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: EXIT_PAGE }));
  try {
    await page.goto('/?survey=youth-voice&lang=ar');
    await expect(heading(page)).toHaveText('صوت الشباب: الشعور بالأمان');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('complementary', { name: 'المساعدة والدعم' })).toBeVisible();
    // Said once, as the page shows it (innerText leaves out what is hidden).
    const shown = await main(page).innerText();
    expect(shown.split('تعذّر بدء هذا الاستبيان. لم يُحفَظ أي شيء ولم يُرسَل أي شيء.')).toHaveLength(2);
    await page.getByRole('link', { name: /^غادر هذا الموقع/ }).click();
    await page.waitForURL(EXIT_URL);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

/**
 * What a screen shows, element by element in order: its kind, classes, language, own words, and
 * where it is on the page. A link and a button count as one kind (the first screen's exit and
 * languages are links, the widget's buttons); what only the first screen has (its "could not
 * start", shown when the widget fails) is left out.
 */
function drawn(screen) {
  return screen.evaluate((root) => {
    const out = [];
    const walk = (element) => {
      if (element.id === 'ss-first-failed' || element.tagName === 'NOSCRIPT') return;
      const box = element.getBoundingClientRect();
      const words = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('');
      out.push([
        element.tagName === 'A' ? 'BUTTON' : element.tagName, element.className, element.lang, element.dir, words,
        [box.x, box.y, box.width, box.height].map(Math.round).join(' '),
      ].join(' | '));
      [...element.children].forEach(walk);
    };
    walk(root);
    return out;
  });
}

test('the widget takes the same page over: nothing moves, focus stays on the exit, a Shift count goes on, Start works', async ({ page }) => {
  const { release } = await prepare(page);
  await page.goto('/');
  const title = heading(page);
  await expect(title).toHaveText(TITLE);
  const before = await title.boundingBox();
  const first = await drawn(page.locator('#ss-first .ss-page'));
  // Focus on the first screen's exit, and two Shifts pressed alone, while the wasm is on its way.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(firstExit(page)).toBeFocused();
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  release();
  await expect(startButton(page)).toBeEnabled();
  // One screen: the first screen is gone, nothing of it is left in the page.
  await expect(page.locator('#ss-first')).toHaveCount(0);
  await expect(heading(page)).toHaveCount(1);
  expect(await heading(page).boundingBox()).toEqual(before);
  // The same elements, words and places: the widget draws what the collector sent.
  expect(await drawn(page.locator('#speaksafe .ss-page'))).toEqual(first);
  await expect(exitButton(page)).toBeFocused();
  // The third Shift, after the handover, completes the count begun before it.
  await page.keyboard.press('Shift');
  await page.waitForURL(EXIT_URL);
});

test('in a survey of two languages, read right to left, the widget draws what the collector sent, languages and all', async ({ page }) => {
  const { release } = await prepare(page);
  await page.goto('/?survey=youth-voice&lang=ar');
  await expect(heading(page)).toHaveText('صوت الشباب: الشعور بالأمان');
  await expect(page.getByRole('navigation').getByRole('link')).toHaveCount(2);
  const first = await drawn(page.locator('#ss-first .ss-page'));
  release();
  await expect(page.locator('#ss-first')).toHaveCount(0);
  await expect(page.getByRole('navigation').getByRole('button')).toHaveCount(2);
  expect(await drawn(page.locator('#speaksafe .ss-page'))).toEqual(first);
});

test('after the handover the survey goes on as ever: Start, and the quick exit from a question page', async ({ page }) => {
  const { release } = await prepare(page);
  release();
  await page.goto('/?survey=youth-voice');
  await startButton(page).click();
  await expect(heading(page)).toHaveText('About you');
  await page.keyboard.press('Escape');
  await page.waitForURL(EXIT_URL);
  await surveyNotInHistory(page);
});
