// Every respondent in their own language: a survey offered in Polish, Urdu and Bengali, with no
// interface words of its own, shows no English from the first screen to the exit button; the
// page and any text that falls back to another language carry the right lang and dir; numbers
// are written as the language writes them; axe finds nothing; nothing scrolls sideways at 320 px.
// And the "or press Esc" hint shows only where a keyboard is likely.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, freePort, freshCollectorFolder, startCollector } from './collector.mjs';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SURVEY = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/e2e/surveys/many-languages.json'), 'utf8'));
const ENGLISH = JSON.parse(fs.readFileSync(path.join(ROOT, 'core/words/en.json'), 'utf8')).words;

/** The English interface words as they could appear on screen: each wording split at its
 *  placeholders ("Page {k} of {n}" → "Page", "of"), whole words only. */
const ENGLISH_PIECES = [...new Set(Object.values(ENGLISH)
  .flatMap((w) => w.split(/\{[a-z]+\}/))
  .map((w) => w.replace(/[():.,…]+$/u, '').trim())
  .filter((w) => w.length > 0 && w !== 'Esc'))];

function englishOn(text) {
  return ENGLISH_PIECES.filter((piece) => new RegExp(`(^|[^\\p{L}])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text));
}

let collector;
let origin;
test.beforeAll(async () => {
  const folder = freshCollectorFolder('e2e-collector-languages');
  const port = await freePort();
  collector = await startCollector(folder, port, [], 'tests/e2e/surveys');
  origin = `http://127.0.0.1:${port}`;
});
test.afterAll(() => collector?.kill('SIGTERM'));

const words = (code) => JSON.parse(fs.readFileSync(path.join(ROOT, `core/words/${code}.json`), 'utf8')).words;
const LANGUAGES = [
  { code: 'pl', dir: 'ltr', words: words('pl'), age: '14' },
  { code: 'ur', dir: 'rtl', words: words('ur'), age: '14' },
  // Bengali writes its own digits (Intl), and a phone set to Bengali types them.
  { code: 'bn', dir: 'ltr', words: words('bn'), age: '১৪', digits: /[০-৯]/ },
];

for (const language of LANGUAGES) {
  test(`in ${language.code}, no English interface word on any screen, the right lang and dir, axe clean, no sideways scroll at 320 px`, async ({ page }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 320, height: 640 });
    const seen = [];
    const look = async (screen) => {
      await expect(page.locator('.ss-page')).toHaveAttribute('lang', language.code);
      await expect(page.locator('.ss-page')).toHaveAttribute('dir', language.dir);
      const text = await page.locator('body').innerText();
      expect(englishOn(text), `English on the ${screen} screen in ${language.code}`).toEqual([]);
      const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      expect(violations.map((v) => `${screen}: ${v.id}`)).toEqual([]);
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(sideways, `${screen} scrolls sideways`).toBeLessThanOrEqual(0);
      seen.push(screen);
    };
    const main = page.getByRole('main');
    const button = (key) => main.getByRole('button', { name: language.words[key], exact: true });

    await page.goto(`${origin}/?survey=many-languages&lang=${language.code}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SURVEY.title[language.code]);
    await expect(page).toHaveTitle(language.words.neutral_title);
    await look('intro');

    await button('start').click();
    await expect(page.getByText(SURVEY.pages[0].content_note[language.code])).toBeVisible();
    await look('content note');

    await button('continue').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SURVEY.pages[0].title[language.code]);
    // The hint is only in Polish: elsewhere it falls back, marked as Polish.
    const hint = page.getByText(SURVEY.pages[0].questions[0].hint.pl);
    if (language.code === 'pl') {
      await expect(hint).not.toHaveAttribute('lang', /./);
    } else {
      await expect(hint).toHaveAttribute('lang', 'pl');
      await expect(hint).toHaveAttribute('dir', 'ltr');
    }
    if (language.digits) await expect(page.getByRole('progressbar')).toHaveAccessibleName(language.digits);
    await look('question page');

    // Continue without the required answer: the error summary and the field's error.
    await button('continue').click();
    await expect(page.getByRole('alert')).toBeVisible();
    await look('error');

    const question = SURVEY.pages[0].questions[0];
    await page.getByRole('radio', { name: question.options[1].text[language.code] }).check();
    // The age in the language's own digits is a number like any other.
    await page.getByLabel(SURVEY.pages[0].questions[1].text[language.code]).fill(language.age);
    await button('continue').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SURVEY.pages[1].title[language.code]);
    await button('continue').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(language.words.check_title);
    await look('check answers');
    await expect(main.getByRole('definition').filter({ hasText: language.age })).toHaveCount(1);

    await button('submit').click();
    await expect(page.getByText(SURVEY.completion[language.code])).toBeVisible({ timeout: 15_000 });
    await look('completion');
    expect(seen).toHaveLength(6);
  });
}

test('a survey language gets its built-in words from the definition served, and only its own', async ({ request }) => {
  const served = await (await request.get(`${origin}/surveys/many-languages.json`)).json();
  expect(Object.keys(served.interface).sort()).toEqual(['bn', 'pl', 'ur']);
  expect(served.interface.pl.start).toBe('Zacznij');
  expect(Object.keys(served.interface.ur)).toHaveLength(Object.keys(ENGLISH).length);
});

test('the Esc hint shows where a keyboard is likely, and not on a touch phone', async ({ browser }) => {
  const desktop = await browser.newContext();
  const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
  try {
    for (const [context, shown] of [[desktop, true], [phone, false]]) {
      const page = await context.newPage();
      await page.goto(`${origin}/?survey=many-languages&lang=pl`);
      const exit = page.getByRole('button', { name: /^Wyjdź z tej strony/ });
      await expect(exit).toBeVisible();
      const hint = exit.getByText('lub naciśnij Esc');
      if (shown) await expect(hint).toBeVisible();
      else await expect(hint).toBeHidden();
    }
  } finally {
    await desktop.close();
    await phone.close();
  }
});
