// The studio (/studio/): an organiser builds, checks, previews, translates and saves a survey
// without writing JSON, by keyboard alone; opens the examples and files from other formats; and
// the draft never leaves the browser.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, speaksafe } from './collector.mjs';
import { kept, NOTHING_KEPT } from './console.mjs';
import { xlsx } from './xlsx.mjs';

const STUDIO = '/studio/';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function openStudio(page) {
  await page.goto(STUDIO);
  await expect(page.getByRole('heading', { level: 1, name: 'Make a survey' })).toBeVisible();
}

// The keyboard, and nothing else: focus a control, then keys.
async function typeInto(field, text) {
  await field.focus();
  await field.page().keyboard.press('Control+A');
  await field.page().keyboard.press('Delete');
  await field.page().keyboard.type(text);
}
/** Types into a field that takes its value when it is left (a name, a value). */
async function typeAndLeave(field, text) {
  await typeInto(field, text);
  await field.page().keyboard.press('Tab');
}
async function press(button) {
  await button.focus();
  await button.page().keyboard.press('Enter');
}
async function tick(checkbox) {
  await checkbox.focus();
  await checkbox.page().keyboard.press('Space');
  await expect(checkbox).toBeChecked();
}
/** Picks an option of a <select> with the arrow keys. */
async function choose(select, label) {
  await select.focus();
  await select.page().keyboard.press('Home');
  for (let i = 0; i < 60; i++) {
    const now = await select.evaluate((s) => s.options[s.selectedIndex]?.text);
    if (now === label) return;
    await select.page().keyboard.press('ArrowDown');
  }
  throw new Error(`no option "${label}"`);
}

/** Saves with "Save to a file"; the survey saved, as data. */
async function save(page) {
  const download = page.waitForEvent('download');
  await press(page.getByRole('button', { name: 'Save to a file' }));
  const file = await (await download).path();
  return { file, data: JSON.parse(fs.readFileSync(file, 'utf8')), text: fs.readFileSync(file, 'utf8') };
}

function question(page, n, kind) {
  return page.getByRole('region', { name: `Question ${n}: ${kind}` });
}

/** The guide's complete example (docs/survey-format.md). */
function guideExample() {
  const guide = fs.readFileSync(path.join(ROOT, 'docs/survey-format.md'), 'utf8');
  const block = guide.split('<!-- example: complete survey')[1].split('```json')[1].split('```')[0];
  return JSON.parse(block);
}

/** Fails the test on any request after the studio has loaded, or anything kept in the browser. */
async function watchNetwork(page) {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  return {
    since: () => requests.length,
    // A saved file is a blob: made in the page, not a request.
    after: (n) => requests.slice(n).filter((url) => !url.startsWith('blob:') && !url.startsWith('data:')),
  };
}

test('an organiser builds the guide\'s park survey from blank by keyboard alone, and saves exactly it', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  const net = await watchNetwork(page);
  const loaded = net.since();
  await press(page.getByRole('button', { name: 'Start a blank survey' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Title, intro and settings' })).toBeVisible();

  await typeInto(page.getByLabel('Short name'), 'park-safety');
  await typeInto(page.getByLabel('Title', { exact: true }), 'Feeling safe in our parks');
  await typeInto(page.getByLabel('Title in the browser\'s tab'), 'Survey');
  await typeInto(page.getByLabel('Introduction'),
    'The Parks team wants to know how safe people feel in the city\'s parks.\n\nYou do not need to give your name. You can skip any question.');
  await typeInto(page.getByLabel('Staying safe'),
    'Press Esc or the "Leave this site" button to leave at once. A private or incognito window leaves less trace on this device.');
  const help = page.getByRole('group', { name: 'Help lines' });
  await press(help.getByRole('button', { name: 'Add a help line' }));
  await typeInto(help.getByLabel('Name'), 'City Helpline (example)');
  await typeInto(help.getByLabel('Phone number'), '0800 000 0000');
  await typeInto(help.getByLabel('Website'), 'https://help.example.org');

  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^Page 1/ }));
  await typeInto(page.getByLabel('Page name'), 'visits');
  await typeInto(page.getByLabel('Page title'), 'Your visits');

  // A single choice: its name made from its words, then changed; each value likewise.
  await choose(page.getByLabel('Kind of question'), 'Single choice');
  await press(page.getByRole('button', { name: 'Add a question' }));
  const visits = question(page, 1, 'Single choice');
  await typeInto(visits.getByLabel('Question', { exact: true }), 'How often do you go to a park in the city?');
  await expect(visits.getByLabel('Name')).toHaveValue('how_often');
  await typeAndLeave(visits.getByLabel('Name'), 'visits');
  for (const [n, words, value] of [[1, 'Every week', 'weekly'], [2, 'Every month', 'monthly'], [3, 'Less often', 'rarely']]) {
    if (n === 3) await press(visits.getByRole('button', { name: 'Add an option' }));
    await typeInto(visits.getByLabel(`Option ${n}: words`), words);
    await expect(visits.getByLabel(`Option ${n}: stored as`)).toHaveValue(words.toLowerCase().replace(' ', '_'));
    await typeAndLeave(visits.getByLabel(`Option ${n}: stored as`), value);
  }
  await tick(visits.getByLabel('Offer "Prefer not to say" as the last answer'));

  await choose(page.getByLabel('Kind of question'), 'Scale');
  await press(page.getByRole('button', { name: 'Add a question' }));
  const safe = question(page, 2, 'Scale');
  await typeInto(safe.getByLabel('Question', { exact: true }), 'How safe do you feel in the park after dark?');
  await typeAndLeave(safe.getByLabel('Name'), 'feel_safe');
  await expect(safe.getByLabel('Min', { exact: true })).toHaveValue('1');
  await expect(safe.getByLabel('Max', { exact: true })).toHaveValue('5');
  await typeInto(safe.getByLabel('Min label'), 'Not safe at all');
  await typeInto(safe.getByLabel('Max label'), 'Very safe');

  await choose(page.getByLabel('Kind of question'), 'Multiple choice');
  await press(page.getByRole('button', { name: 'Add a question' }));
  const help3 = question(page, 3, 'Multiple choice');
  await typeInto(help3.getByLabel('Question', { exact: true }), 'What would help you feel safer?');
  await typeAndLeave(help3.getByLabel('Name'), 'what_would_help');
  await typeInto(help3.getByLabel('Hint'), 'Choose all that apply.');
  for (const [n, words, value] of [[1, 'Better lighting', 'lighting'], [2, 'Park staff around', 'staff'], [3, 'None of these', 'none']]) {
    if (n === 3) await press(help3.getByRole('button', { name: 'Add an option' }));
    await typeInto(help3.getByLabel(`Option ${n}: words`), words);
    await typeAndLeave(help3.getByLabel(`Option ${n}: stored as`), value);
  }
  await tick(help3.getByLabel('Option 3 clears the others ("None of these")'));
  await typeInto(help3.getByLabel('Other', { exact: true }), 'Something else (please tell us)');
  // The condition, without syntax: question, test, value.
  const shown = help3.getByRole('group', { name: 'Show this question only when…' });
  await press(shown.getByRole('button', { name: /^Add a rule/ }));
  await choose(shown.getByLabel('Rule 1: question'), 'How safe do you feel in the park after dark?');
  await choose(shown.getByLabel('Rule 1: test'), 'is at most');
  await choose(shown.getByLabel('Rule 1: answer'), '3');
  await expect(shown.getByLabel('The condition, as written')).toHaveValue('{feel_safe} <= 3');

  await choose(page.getByLabel('Kind of question'), 'Long text');
  await press(page.getByRole('button', { name: 'Add a question' }));
  const more = question(page, 4, 'Long text');
  await typeInto(more.getByLabel('Question', { exact: true }), 'Is there anything else you would like to tell us?');
  await expect(more.getByLabel('Name')).toHaveValue('anything_else');
  await tick(more.getByLabel(/^Sensitive/));

  await expect(page.getByRole('complementary').getByRole('status').first()).toHaveText(/^No errors/);
  const saved = await save(page);
  expect(saved.data).toEqual(guideExample());
  expect(speaksafe('check', saved.file)).toContain(': ok — 1 page, 4 questions');
  // Nothing went anywhere: the draft stays in the browser until it is saved as a file.
  expect(net.after(loaded)).toEqual([]);
});

// Each question's form is drawn again only when its own part of the survey changes (a long
// survey stays quick to type in). What it shows of the rest must still follow the rest.
test('a question follows what changes elsewhere: a condition that names it, the words its rules show', async ({ page }) => {
  await openStudio(page);
  await press(page.getByRole('button', { name: 'Start a blank survey' }));
  await typeInto(page.getByLabel('Title', { exact: true }), 'Walking home');
  await typeInto(page.getByLabel('Introduction'), 'About the way home.');
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^Page 1/ }));
  await typeInto(page.getByLabel('Page title'), 'The way home');
  await choose(page.getByLabel('Kind of question'), 'Single choice');
  await press(page.getByRole('button', { name: 'Add a question' }));
  await press(page.getByRole('button', { name: 'Add a question' }));
  const first = question(page, 1, 'Single choice');
  const second = question(page, 2, 'Single choice');
  await typeInto(first.getByLabel('Question', { exact: true }), 'Do you walk at night?');
  await expect(first.getByLabel('Name')).toHaveValue('walk_night');
  await typeInto(second.getByLabel('Question', { exact: true }), 'Is the way lit?');
  for (const q of [first, second]) {
    await typeInto(q.getByLabel('Option 1: words'), 'Yes');
    await typeInto(q.getByLabel('Option 2: words'), 'No');
  }
  // The second question's condition names the first, picked as a rule.
  const shown = second.getByRole('group', { name: 'Show this question only when…' });
  await press(shown.getByRole('button', { name: /^Add a rule/ }));
  await expect(shown.getByLabel('The condition, as written')).toHaveValue("{walk_night} = 'yes'");
  // Words typed into the first question now leave its name alone: a condition uses it.
  await typeInto(first.getByLabel('Question', { exact: true }), 'Do you walk home at night?');
  await expect(first.getByLabel('Name')).toHaveValue('walk_night');
  // The rule shows the first question's new words; the check has nothing to say.
  await expect(shown.getByLabel('Rule 1: question')).toContainText('Do you walk home at night?');
  await expect(page.getByRole('complementary').getByRole('status').first()).toHaveText(/^No errors/);
  // Renaming the first question asks about the condition that names it.
  await typeAndLeave(first.getByLabel('Name'), 'night_walks');
  await press(first.getByRole('button', { name: 'Rename and update the condition' }));
  await expect(shown.getByLabel('The condition, as written')).toHaveValue("{night_walks} = 'yes'");
  // Undo reaches the second question too.
  await page.keyboard.press('Control+z');
  await expect(shown.getByLabel('The condition, as written')).toHaveValue("{walk_night} = 'yes'");
  await expect(first.getByLabel('Name')).toHaveValue('walk_night');
});

test('each example survey opens and saves unchanged, as the same survey', async ({ page }) => {
  for (const [name, file] of [['Survivor consultation', 'survivor-consultation'], ['Youth Voice', 'youth-voice']]) {
    await openStudio(page);
    await press(page.getByRole('button', { name: `Open the ${name} example` }));
    await expect(page.getByRole('heading', { level: 1, name: 'Title, intro and settings' })).toBeVisible();
    await expect(page.getByRole('complementary').getByRole('status').first()).toHaveText(/^No errors/);
    const saved = await save(page);
    expect(saved.data).toEqual(JSON.parse(fs.readFileSync(path.join(ROOT, 'surveys', `${file}.json`), 'utf8')));
    // The same bytes however often it is saved: versions diff cleanly.
    expect((await save(page)).text).toBe(saved.text);
  }
});

function scratch(name, bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'speaksafe-studio-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('a SurveyJS file and an XLSForm come in through the page, with what changed listed, and pass the check', async ({ page }) => {
  // SurveyJS: the Youth Voice survey through the benchmark's converter.
  const surveyjs = execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { convert } from '${ROOT}/bench/compare/convert.mjs';
    import fs from 'node:fs';
    process.stdout.write(JSON.stringify(convert(JSON.parse(fs.readFileSync('${ROOT}/surveys/youth-voice.json', 'utf8')))));`]);
  const form = xlsx({
    survey: [
      ['type', 'name', 'label::English (en)', 'label::Polski (pl)', 'relevant'],
      ['deviceid', 'device'],
      ['begin group', 'about', 'About you', 'O tobie'],
      ['select_one yn', 'bus', 'Do you take the bus?', 'Czy jeździsz autobusem?'],
      ['text', 'why', 'Why?', 'Dlaczego?', "${bus} = 'yes'"],
      ['end group'],
    ],
    choices: [['list_name', 'name', 'label::English (en)', 'label::Polski (pl)'], ['yn', 'yes', 'Yes', 'Tak'], ['yn', 'no', 'No', 'Nie']],
    settings: [['form_title', 'form_id'], ['Buses', 'buses']],
  });
  for (const [name, bytes, listed] of [['youth.json', surveyjs, 'rewritten the start page'], ['buses.xlsx', form, 'dropped device']]) {
    await openStudio(page);
    const file = scratch(name, bytes);
    await page.getByLabel('A survey file').setInputFiles(file);
    const report = page.getByRole('region', { name: `Brought in from ${name}` });
    await expect(report).toBeVisible();
    await expect(report.getByRole('listitem').filter({ hasText: listed })).toHaveCount(1);
    // The same lines as `speaksafe import` prints for the same file, word for word.
    const cli = speaksafe('import', file, '--out', `${file}.speaksafe.json`).split('\n');
    const summary = cli.find((line) => /^\d+ dropped, \d+ rewritten/.test(line)).replace(/:$/, '');
    await expect(report.getByRole('paragraph')).toHaveText(`${summary}. Check each before you publish.`);
    const lines = cli.filter((line) => line.startsWith('  ')).map((line) => line.trim());
    expect(lines.length).toBeGreaterThan(0);
    expect((await report.getByRole('listitem').allInnerTexts()).map((line) => line.trim())).toEqual(lines);
    await expect(page.getByRole('complementary').getByRole('status').first()).toHaveText(/^No errors/);
    const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
  }
  // The XLSForm's condition came with it: the preview shows "Why?" only after "Yes".
  const preview = page.getByRole('region', { name: 'The survey, as a respondent sees it' });
  await preview.getByRole('button', { name: 'Start' }).click();
  await expect(preview.getByLabel('Why?')).toHaveCount(0);
  await preview.getByRole('radio', { name: 'Yes' }).check();
  await expect(preview.getByLabel('Why?')).toBeVisible();
});

test('a small sheet naming a cell far out is refused with the cell and the limits named, and the studio goes on', async ({ page }) => {
  // Laid out as a grid, this sheet of a few kilobytes asked for 512 GiB: the wasm panicked and
  // the page said nothing.
  const form = xlsx({ survey: { A1: 'type', B1: 'name', XFD1048576: 'x' } });
  expect(form.length).toBeLessThan(4096);
  await openStudio(page);
  await page.getByLabel('A survey file').setInputFiles(scratch('far.xlsx', form));
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('far.xlsx could not be opened');
  await expect(notice).toContainText('cell XFD1048576');
  await expect(notice).toContainText('20000 rows and 300 columns');
  await press(page.getByRole('button', { name: 'Start a blank survey' }));
  await expect(page.getByRole('navigation', { name: 'Survey parts' })).toBeVisible();
});

test('the converter comes only when a file needs it, from the studio\'s own site, carrying nothing', async ({ page, context }) => {
  // The context's requests: the worker's own are among them.
  const requests = [];
  context.on('request', (r) => requests.push(r));
  await openStudio(page);
  const loaded = requests.length;
  const after = () => requests.slice(loaded).filter((r) => !/^(blob|data):/.test(r.url()));
  // An example, the translations table, an edit: no converter.
  await press(page.getByRole('button', { name: 'Open the Youth Voice example' }));
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: 'Translations' }));
  expect(after()).toEqual([]);
  // A file from another format: the converter's three files, from here, carrying nothing.
  await openStudio(page);
  const start = requests.length;
  const surveyjs = JSON.stringify({ title: 'Buses', pages: [{ name: 'p', elements: [{ type: 'text', name: 'why', title: 'Why?' }] }] });
  await page.getByLabel('A survey file').setInputFiles(scratch('buses.json', surveyjs));
  await expect(page.getByRole('heading', { level: 1, name: 'Title, intro and settings' })).toBeVisible();
  const fetched = requests.slice(start).filter((r) => !/^(blob|data):/.test(r.url()));
  const origin = new URL(page.url()).origin;
  expect(fetched.map((r) => r.url()).sort()).toEqual(
    ['converter-worker.js', 'converter.js', 'converter_bg.wasm'].map((f) => `${origin}${STUDIO}${f}`),
  );
  for (const r of fetched) {
    expect([r.method(), r.postData()]).toEqual(['GET', null]);
  }
  expect(await kept(page)).toEqual(NOTHING_KEPT);
});

test('a translator\'s spreadsheet goes out and comes back, and one that cannot be read is said to be so', async ({ page, context }) => {
  await openStudio(page);
  await press(page.getByRole('button', { name: 'Open the Youth Voice example' }));
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: 'Translations' }));
  const status = (text) => page.getByRole('status').filter({ hasText: text });
  const download = page.waitForEvent('download');
  await press(page.getByRole('button', { name: /^Download the spreadsheet for .* \(ar\)$/ }));
  const sheet = await download;
  expect(sheet.suggestedFilename()).toBe('youth-voice-ar.xlsx');
  const bytes = fs.readFileSync(await sheet.path());
  expect(bytes.subarray(0, 4).toString('binary')).toBe('PK\x03\x04');
  await expect(status('The spreadsheet for ar is saved: send it to the translator.')).toBeVisible();
  // The converter, started for that spreadsheet, reads the ones that come back: nothing more is
  // fetched.
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const back = page.getByLabel(/^Bring back the translated spreadsheet for .* \(ar\)$/);
  // Back as it went: every translation in it is put in again, nothing is stale.
  await back.setInputFiles(scratch('youth-voice-ar.xlsx', bytes));
  await expect(status(/^\d+ translations into ar put in\.$/)).toBeVisible();
  // A translator's CSV with a new title.
  const csv = 'path,text (en),translation (ar)\ntitle,Youth Voice: feeling safe,عنوان جديد\n';
  await back.setInputFiles(scratch('title.csv', csv));
  await expect(status('1 translations into ar put in.')).toBeVisible();
  expect((await save(page)).data.title).toEqual({ en: 'Youth Voice: feeling safe', ar: 'عنوان جديد' });
  // What cannot be read is said, and changes nothing.
  await back.setInputFiles(scratch('wrong.csv', 'where,text\nx,y\n'));
  await expect(status('the spreadsheet has no columns "path", the text and the translation')).toBeVisible();
  await back.setInputFiles(scratch('broken.xlsx', Buffer.from('PK\x03\x04 and no more', 'binary')));
  await expect(status(/^the spreadsheet cannot be read: /)).toBeVisible();
  expect((await save(page)).data.title.ar).toBe('عنوان جديد');
  expect(requests.filter((url) => !/^(blob|data):/.test(url))).toEqual([]);
});

test('a broken condition is shown at its field as it is typed, and the check links to it', async ({ page }) => {
  await openStudio(page);
  await press(page.getByRole('button', { name: 'Open the Youth Voice example' }));
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^1\. About you/ }));
  const q = question(page, 3, 'Dropdown');
  const condition = q.getByRole('group', { name: 'Show this question only when…' }).getByLabel('The condition, as written');
  await typeInto(condition, "{agee} = 'x'");
  await expect(condition).toHaveAccessibleDescription(/unknown question "agee" at column 2 \(did you mean "age"\?\)/);
  await typeInto(condition, "{age} = ");
  await expect(condition).toHaveAccessibleDescription(/at column/);
  const link = page.getByRole('complementary').getByRole('link', { name: /Page 1, question 3, when it is shown/ });
  await expect(link).toBeVisible();
  // Elsewhere in the studio, the link brings the organiser back to the field.
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: 'Translations' }));
  await press(link);
  await expect(condition).toBeFocused();
  const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});

test('the preview is the survey as respondents see it: conditions follow answers, Arabic reads right to left, the exit is off', async ({ page }) => {
  await openStudio(page);
  await press(page.getByRole('button', { name: 'Open the Youth Voice example' }));
  const side = page.getByRole('complementary');
  const preview = side.getByRole('region', { name: 'The survey, as a respondent sees it' });
  await choose(side.getByLabel('Page', { exact: true }), '4. The police');
  await press(side.getByRole('button', { name: 'Go to page' }));
  await expect(preview.getByRole('heading', { level: 1, name: 'The police' })).toBeVisible();
  await expect(preview.getByRole('group', { name: 'How often do you see them at school?' })).toHaveCount(0);
  await preview.getByRole('group', { name: 'Is there a police officer who works with your school?' }).getByRole('radio', { name: 'Yes' }).check();
  await expect(preview.getByRole('group', { name: 'How often do you see them at school?' })).toBeVisible();
  // An edit keeps the answers given in the preview.
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^4\. The police/ }));
  await typeInto(question(page, 4, 'Single choice').getByLabel('Question', { exact: true }), 'How often do you see them?');
  await expect(preview.getByRole('group', { name: 'How often do you see them?' })).toBeVisible();
  // Show hidden questions, then Arabic.
  await tick(side.getByLabel('Show hidden questions'));
  await expect(preview.getByRole('group', { name: 'How did they treat you?' })).toBeVisible();
  await choose(side.getByRole('combobox', { name: 'Language' }), 'العربية (ar)');
  await expect(preview.locator('[dir]').first()).toHaveAttribute('dir', 'rtl');
  await expect(preview.getByRole('heading', { level: 1 })).toHaveText('الشرطة');
  // The quick exit is off, and says so: Esc and the button leave nothing.
  const exit = preview.getByRole('button', { name: /off in the preview/ });
  await press(exit);
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/studio\/$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Page 4 of 7/ })).toBeVisible();
});

test('"Other" on a single choice: its words typed in the question\'s form, and the preview opens a box to say what', async ({ page }) => {
  await openStudio(page);
  await press(page.getByRole('button', { name: 'Open the Youth Voice example' }));
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^4\. The police/ }));
  const often = question(page, 4, 'Single choice');
  await expect(often.getByLabel('Question', { exact: true })).toHaveValue('How often do you see them at school?');
  await typeInto(often.getByLabel('Other (en)', { exact: true }), 'Some other times (please say)');
  const side = page.getByRole('complementary');
  await expect(side.getByRole('status').first()).toHaveText(/^No errors/);
  const preview = side.getByRole('region', { name: 'The survey, as a respondent sees it' });
  await choose(side.getByLabel('Page', { exact: true }), '4. The police');
  await press(side.getByRole('button', { name: 'Go to page' }));
  await tick(side.getByLabel('Show hidden questions'));
  const group = preview.getByRole('group', { name: 'How often do you see them at school?' });
  const other = group.getByRole('radio', { name: 'Some other times (please say)', exact: true });
  await other.focus();
  await page.keyboard.press('Space');
  await expect(other).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(group.getByLabel('Please say', { exact: true })).toBeFocused();
  const saved = await save(page);
  expect(saved.data.pages[3].questions[3]).toMatchObject({ id: 'officer_often', other: { en: 'Some other times (please say)' } });
});

// The survey's closing words say "Your answers have been sent"; in the preview nothing is, and the
// page must not leave the organiser believing otherwise.
test('the preview\'s completion page says that nothing was sent', async ({ page }) => {
  await openStudio(page);
  const net = await watchNetwork(page);
  const loaded = net.since();
  await press(page.getByRole('button', { name: 'Open the Youth Voice example' }));
  const side = page.getByRole('complementary');
  const preview = side.getByRole('region', { name: 'The survey, as a respondent sees it' });
  await choose(side.getByLabel('Page', { exact: true }), '7. Last questions');
  await press(side.getByRole('button', { name: 'Go to page' }));
  await press(preview.getByRole('button', { name: 'Continue' }));
  await press(preview.getByRole('button', { name: 'Submit' }));
  await expect(preview.getByRole('heading', { level: 1, name: 'Thank you' })).toBeVisible();
  await expect(preview.getByText('Your answers have been sent', { exact: false })).toBeVisible();
  await expect(preview.getByText('This is the preview: nothing was sent.', { exact: false })).toBeVisible();
  expect(net.after(loaded)).toEqual([]);
});

test('undo and redo go back and forth over edits, and closing with unsaved changes asks first', async ({ page }) => {
  await openStudio(page);
  await press(page.getByRole('button', { name: 'Start a blank survey' }));
  const title = page.getByLabel('Title', { exact: true });
  await typeInto(title, 'Parks');
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: 'Add a page' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Page 2 of 2' })).toBeVisible();
  await press(page.getByRole('button', { name: 'Add a question' }));
  await expect(question(page, 1, 'Single choice')).toBeVisible();
  // Undo by button, then by key; redo by key.
  await press(page.getByRole('button', { name: 'Undo' }));
  await expect(question(page, 1, 'Single choice')).toHaveCount(0);
  await page.keyboard.press('Control+Z');
  await expect(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^Page 2/ })).toHaveCount(0);
  await page.keyboard.press('Control+Shift+Z');
  await expect(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^Page 2/ })).toHaveCount(1);
  await press(page.getByRole('button', { name: 'Redo' }));
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^Page 2/ }));
  await expect(question(page, 1, 'Single choice')).toBeVisible();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Z');
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: 'Title, intro and settings' }));
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('');
  await page.keyboard.press('Control+Y');
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Parks');
  // Unsaved: leaving asks.
  const asked = new Promise((resolve) => page.once('dialog', (d) => { resolve(d.type()); d.accept(); }));
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
});

test('the studio makes no request after it has loaded and keeps nothing in the browser', async ({ page }) => {
  await openStudio(page);
  const net = await watchNetwork(page);
  const loaded = net.since();
  await press(page.getByRole('button', { name: 'Open the Survivor consultation example' }));
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: 'Translations' }));
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^2\./ }));
  await typeInto(question(page, 2, 'Multiple choice').getByLabel('Question', { exact: true }), 'Changed');
  await save(page);
  expect(net.after(loaded)).toEqual([]);
  expect(await kept(page)).toEqual(NOTHING_KEPT);
});

test('axe finds no violation on any view of the studio, the save dialog included', async ({ page }) => {
  const check = async (what) => {
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    expect(violations.flatMap((v) => v.nodes.map((n) => `${what}: ${v.id} at ${n.target.join(' ')}`))).toEqual([]);
  };
  await openStudio(page);
  await check('start');
  await press(page.getByRole('button', { name: 'Open the Youth Voice example' }));
  await check('settings');
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^2\. Feeling safe/ }));
  await check('a page with a matrix and a condition');
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: 'Translations' }));
  await check('translations');
  // An error state, then the dialog before saving over a published version.
  await press(page.getByRole('navigation', { name: 'Survey parts' }).getByRole('button', { name: /^1\. About you/ }));
  await typeInto(question(page, 2, 'Number').getByLabel('Name'), 'age years');
  await page.keyboard.press('Tab');
  await check('an error');
  await page.getByLabel('Compare with the published version').setInputFiles(path.join(ROOT, 'surveys/youth-voice.json'));
  await expect(page.getByText('Published version opened to compare with')).toBeVisible();
  await typeAndLeave(question(page, 2, 'Number').getByLabel('Name'), 'years');
  await press(page.getByRole('button', { name: 'Save to a file' }));
  const dialog = page.getByRole('dialog', { name: 'These changes would break answers already collected' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('listitem').filter({ hasText: 'question "age"' })).toHaveCount(1);
  await check('the save dialog');
  await press(dialog.getByRole('button', { name: 'Go back and change it' }));
  await expect(dialog).toHaveCount(0);
});
