// "Other, please say" on a single choice and a dropdown, by keyboard alone: choosing "Other"
// opens a box right after it, named "Please say", that the next Tab reaches; another choice
// closes it and choosing "Other" again brings back what was typed; axe finds nothing with the
// boxes open; Check your answers shows what was typed; and the organiser's export has it in
// `question.other.text`, beside the answer "other".
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { chooseOption, chooseRadio, pressButton, tabTo } from './keyboard.mjs';
import { checkAnswers, continueButton, heading, main, question, startButton, submitButton } from './helpers.mjs';
import { freePort, freshCollectorFolder, speaksafe, startCollector } from './collector.mjs';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const TRAVEL = 'How did you get here today?';
const BOROUGH = 'Which borough do you live in?';

let collector;
let folder;
let origin;
test.beforeAll(async () => {
  folder = freshCollectorFolder('e2e-collector-other');
  const port = await freePort();
  collector = await startCollector(folder, port, [], 'tests/e2e/surveys');
  origin = `http://127.0.0.1:${port}`;
});
test.afterAll(() => collector?.kill('SIGTERM'));

test('"Other" on a single choice and a dropdown opens a box to say what, by keyboard, and its text reaches the export', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`${origin}/?survey=getting-here`);
  await expect(heading(page)).toHaveText('Getting to the centre');
  await pressButton(page, startButton(page));
  await expect(heading(page)).toHaveText('Getting here');

  const travel = question(page, TRAVEL);
  const travelBox = travel.getByLabel('Please say', { exact: true });
  await expect(travelBox).toHaveCount(0);
  await chooseRadio(page, travel, 'Another way (please tell us)');
  const other = travel.getByRole('radio', { name: 'Another way (please tell us)', exact: true });
  await expect(other).toBeChecked();
  await expect(other).toHaveAttribute('aria-controls', 'q-travel-other-text');
  // The box is the very next stop after the radio, before "Prefer not to say".
  await page.keyboard.press('Tab');
  await expect(travelBox).toBeFocused();
  await page.keyboard.type('Bike');

  // Another choice closes the box; "Other" again opens it with what was typed.
  await chooseRadio(page, travel, 'On foot', { back: true });
  await expect(travelBox).toHaveCount(0);
  await chooseRadio(page, travel, 'Another way (please tell us)');
  await expect(travelBox).toHaveValue('Bike');

  const borough = page.getByLabel(BOROUGH, { exact: true });
  const boroughBox = main(page).locator('#q-borough-other-text').getByLabel('Please say', { exact: true });
  await chooseOption(page, borough, 'Somewhere else');
  await expect(boroughBox).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(boroughBox).toBeFocused();
  await page.keyboard.type('Ealing');

  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);

  await pressButton(page, continueButton(page));
  await expect(heading(page)).toHaveText('Check your answers');
  const answers = await checkAnswers(page);
  expect(answers[TRAVEL]).toEqual(['Another way (please tell us)', 'Please say: Bike']);
  expect(answers[BOROUGH]).toEqual(['Somewhere else', 'Please say: Ealing']);

  await tabTo(page, submitButton(page));
  await page.keyboard.press('Enter');
  await expect(heading(page)).toHaveText('Thank you', { timeout: 15_000 });

  const csv = speaksafe('export', '--db', folder.db, '--key', folder.key, '--survey', 'getting-here', '--surveys', 'tests/e2e/surveys').trim().split('\n');
  expect(csv[0].trim()).toBe('day,language,version,travel,travel.other.text,borough,borough.other.text');
  expect(csv).toHaveLength(2);
  const row = csv[1].trim().split(',');
  expect([row[1], ...row.slice(3)]).toEqual(['en', 'other', 'Bike', 'other', 'Ealing']);
});
