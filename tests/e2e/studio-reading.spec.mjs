// The studio and reading: easy-read versions have their own column in the translations table
// (and go into the survey as they are typed), the reading-age check warns at a question too hard
// for the survey's audience, and the preview reads nothing aloud until the organiser turns it on.
// By keyboard, as studio.spec.mjs.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';

const STUDIO = '/studio/';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function press(button) {
  await button.focus();
  await button.page().keyboard.press('Enter');
}
async function typeInto(field, text) {
  await field.focus();
  await field.page().keyboard.press('Control+A');
  await field.page().keyboard.press('Delete');
  await field.page().keyboard.type(text);
}
async function openYouthVoice(page) {
  await page.goto(STUDIO);
  await expect(page.getByRole('heading', { level: 1, name: 'Make a survey' })).toBeVisible();
  await press(page.getByRole('button', { name: 'Open the Youth Voice example' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Title, intro and settings' })).toBeVisible();
}
const part = (page, name) => page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name });

test('easy read has its own column in each language of the translations table, and what is typed there goes into the survey', async ({ page }) => {
  await openYouthVoice(page);
  await press(part(page, 'Translations'));
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Easy read, English (en)' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Easy read, العربية (ar)' })).toBeVisible();
  // The age question's easy-read English, as the example has it; its Arabic is for the translator.
  const row = table.getByRole('row', { name: /^Page 1, question 2, words/ });
  await expect(row.getByLabel(/easy read, in en$/)).toHaveValue('How old are you?');
  await typeInto(row.getByLabel(/easy read, in ar$/), 'كم عمرك؟ سهل');
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  const download = page.waitForEvent('download');
  await press(page.getByRole('button', { name: 'Save to a file' }));
  const saved = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8'));
  expect(saved.pages[0].questions[1].easy.text).toEqual({ en: 'How old are you?', ar: 'كم عمرك؟ سهل' });
});

test('a question too hard for the audience is warned about, with its grade, and the audience is a setting', async ({ page }) => {
  await openYouthVoice(page);
  await expect(page.getByLabel('Who it is for', { exact: true })).toHaveValue('11-16');
  const side = page.getByRole('complementary');
  await expect(side.getByText(/Flesch–Kincaid/)).toHaveCount(0);
  await press(part(page, /^1\. About you/));
  const hard = 'Which description most accurately characterises your gender identity?';
  await typeInto(page.getByRole('region', { name: 'Question 4: Single choice' }).getByLabel('Question', { exact: true }).first(), hard);
  await expect(side.getByText(/reads at grade \d+\.\d \(Flesch–Kincaid\), above grade 6 for ages 11 to 16: try/)).toBeVisible();
  // For adults, the same words are still too hard; for a survey with no audience, nothing is rated.
  await press(part(page, 'Title, intro and settings'));
  await typeInto(page.getByLabel('Who it is for', { exact: true }), 'adults');
  await expect(side.getByText(/above grade 8 for adults/)).toBeVisible();
  await typeInto(page.getByLabel('Who it is for', { exact: true }), '');
  await expect(side.getByText(/Flesch–Kincaid/)).toHaveCount(0);
});

test('the preview reads nothing aloud until the organiser turns it on', async ({ page }) => {
  await page.addInitScript(() => {
    const voice = { name: 'On-device English', lang: 'en-GB', localService: true, default: true };
    Object.defineProperty(window, 'speechSynthesis', {
      value: { getVoices: () => [voice], speak() {}, cancel() {}, speaking: false, addEventListener() {}, removeEventListener() {} },
    });
  });
  await openYouthVoice(page);
  const side = page.getByRole('complementary');
  const preview = side.getByRole('region', { name: 'The survey, as a respondent sees it' });
  await press(preview.getByRole('button', { name: 'Start' }));
  await expect(preview.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
  await expect(preview.getByRole('button', { name: 'Read aloud' })).toHaveCount(0);
  const readAloud = side.getByLabel(/^Read aloud/);
  await readAloud.focus();
  await page.keyboard.press('Space');
  await expect(readAloud).toBeChecked();
  await expect(preview.getByRole('button', { name: 'Read aloud' }).first()).toBeVisible();
});
