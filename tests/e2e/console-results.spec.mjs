// Opening the results in the console, end to end: the same 500 sealed responses (both example
// surveys, the Youth Voice survey's under a key changed halfway, and one that opens with no key
// given) opened by the command line and by the console in Chromium give the same CSV, the same
// report (with and without a breakdown) and a spreadsheet with the same contents; no request of
// the whole session carries the private key, in any encoding; a wrong key file opens nothing and
// says so; each view and spreadsheet is checked against the ledger of releases and recorded,
// and one refused shows the ledger's words instead of its tables (the very first view too, when
// the command line published other tables of the same responses), until published anyway
// (recorded as forced); a download cut off is taken up again, or refused whole; the opened
// results are gone after sign-out, after 15 minutes without use and after a reload; and the
// responses can be deleted from the collector after a download, with a typed confirmation.
import { test, expect } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { freePort, freshCollectorFolder, speaksafe } from './collector.mjs';
import {
  NOTHING_KEPT, addAuthenticator, invite, kept, nav, onScreen, openSurveyPage, register, signIn, startConsole, stop,
} from './console.mjs';
import { sealer } from './seal.mjs';
import { axeViolations, sidewaysOverflow, smallTargets } from './a11y.mjs';

test.describe.configure({ mode: 'serial' });

const YOUTH = 'youth-voice';
const SURVIVOR = 'survivor-consultation';
const YOUTH_TITLE = 'Youth Voice: feeling safe';
const SURVIVOR_TITLE = 'Your voice on ending violence against women and girls';
const KEY_FIELD = 'Your private key file (NAME.key)';

let folder;
let collector;
let keys;

/** The same answers every run (a small linear congruential generator). */
function chooser(seed) {
  let state = seed;
  const next = (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
  return { next, one: (values) => values[next(values.length)], some: (values) => values.filter(() => next(3) === 0) };
}

function youthAnswers(n) {
  const c = chooser(11);
  return Array.from({ length: n }, (_, i) => ({
    gender: c.one(['girl', 'boy', 'another_way']),
    year_group: c.one(['year7', 'year8', 'year9', 'year10']),
    travel: c.one(['walk', 'bus', 'bike']),
    school_officer: c.one(['yes', 'no']),
    apps: c.some(['video', 'messaging', 'social', 'games']),
    // Text a spreadsheet would run as a formula, now and then.
    area: i % 40 === 0 ? '=HYPERLINK("http://example.org")' : c.one(['park', 'High Street', 'near school, by the shops']),
  }));
}

function survivorAnswers(n) {
  const c = chooser(7);
  return Array.from({ length: n }, () => ({
    connection: c.one(['survivor', 'supporter', 'worker', 'resident']),
    age_group: c.one(['18_24', '25_34', '35_44', '45_54']),
    lives_in_city: c.one(['yes', 'no']),
    services_used: c.some(['helpline', 'counselling', 'health']),
    reporting_confidence: String(c.next(11)),
  }));
}

async function submit(base, survey, envelope) {
  const answer = await fetch(`${base}/api/v1/surveys/${survey}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ submission_id: randomBytes(16).toString('hex'), envelope }),
  });
  if (answer.status !== 201) throw new Error(`submitting: ${answer.status} ${await answer.text()}`);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  folder = freshCollectorFolder('e2e-console-results');
  keys = {};
  for (const name of ['old', 'new', 'stranger', 'nobody']) {
    speaksafe('keygen', '--out', path.join(folder.dir, name));
    keys[name] = {
      file: path.join(folder.dir, `${name}.key`),
      private: fs.readFileSync(path.join(folder.dir, `${name}.key`), 'utf8').trim(),
      public: fs.readFileSync(path.join(folder.dir, `${name}.pub`), 'utf8').trim(),
    };
  }
  keys.test = { file: folder.key, private: fs.readFileSync(folder.key, 'utf8').trim(), public: fs.readFileSync(folder.pub, 'utf8').trim() };
  collector = await startConsole(folder, await freePort());
  // 250 to the Youth Voice survey, half under the old key and half under the new, one more no
  // key given opens; 249 to the survivor consultation under the collector's key.
  const youth = await sealer(YOUTH);
  for (const [i, answers] of youthAnswers(250).entries()) {
    await submit(collector.base, YOUTH, youth(i < 125 ? keys.old.public : keys.new.public, answers));
  }
  await submit(collector.base, YOUTH, youth(keys.stranger.public, { gender: 'girl' }));
  const survivor = await sealer(SURVIVOR);
  for (const answers of survivorAnswers(249)) await submit(collector.base, SURVIVOR, survivor(keys.test.public, answers));
});

test.afterAll(async () => {
  if (collector) await stop(collector.child);
});

/** Opens a survey's responses with these key files; waits for what was opened. */
async function openResponses(page, title, files) {
  await openSurveyPage(page, title);
  await page.getByRole('button', { name: 'Open responses' }).click();
  await onScreen(page, `Responses: ${title}`);
  await page.getByLabel(KEY_FIELD).setInputFiles(files);
  await page.getByRole('button', { name: 'Open responses' }).click();
}

/** Downloads one of the console's files: its name and bytes. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

/** The files in a zip (an .xlsx), by name. */
function unzip(bytes) {
  const files = {};
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = bytes.readUInt32LE(end + 16);
  for (let n = bytes.readUInt16LE(end + 10); n > 0; n--) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString();
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    files[name] = method === 8 ? zlib.inflateRawSync(data) : data;
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return files;
}

/** Every way a key's bytes could be written in a request. */
function encodings(keyText) {
  const raw = Buffer.from(keyText, 'base64url');
  return [keyText, raw.toString('base64'), raw.toString('hex'), raw.toString('hex').toUpperCase(), raw.toString('latin1'),
    encodeURIComponent(keyText), raw.toString('base64').replace(/=+$/, '')];
}

test('the console and the command line make the same CSV, report and spreadsheet, and no request carries the key', async ({ page }) => {
  test.setTimeout(180_000);
  const sent = [];
  page.context().on('request', (request) => {
    const body = request.postDataBuffer() ?? Buffer.alloc(0);
    sent.push([request.url(), JSON.stringify(request.headers()), body.toString('latin1'), body.toString('utf8')].join('\n'));
  });
  await addAuthenticator(page);
  await register(page, invite(folder, 'Results', collector.base));

  await openResponses(page, YOUTH_TITLE, [keys.old.file, keys.new.file]);
  const opened = page.locator('#cs-opened');
  await expect(opened).toHaveText('250 responses opened.', { timeout: 60_000 });
  await expect(opened).toBeFocused();
  // What the command line says on stderr, said here too.
  await expect(page.getByText('1 response could not be opened: 1 does not open with any of the 2 keys')).toBeVisible();
  await expect(page.getByText(/^Opened 125 with old\.key, 125 with new\.key\.$/)).toBeVisible();

  const cli = (name) => path.join(folder.dir, name);
  const keyArgs = ['--key', keys.old.file, '--key', keys.new.file];
  speaksafe('export', '--db', folder.db, ...keyArgs, '--survey', YOUTH, '--out', cli('youth.csv'));
  speaksafe('export', '--db', folder.db, ...keyArgs, '--survey', YOUTH, '--format', 'xlsx', '--out', cli('youth.xlsx'));
  speaksafe('summary', '--db', folder.db, ...keyArgs, '--survey', YOUTH, '--html', cli('youth.html'));
  // Other tables of the same responses: the ledger of releases would refuse them without --force.
  speaksafe('summary', '--db', folder.db, ...keyArgs, '--survey', YOUTH, '--by', 'gender', '--force', '--html', cli('youth-by.html'));

  const day = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  const csv = await download(page, 'Download the responses (CSV)');
  expect(csv.name).toBe(`${YOUTH}-${day}.csv`);
  expect(csv.bytes.equals(fs.readFileSync(cli('youth.csv'))), 'the CSV, byte for byte').toBe(true);
  const report = await download(page, 'Download the report (HTML)');
  expect(report.name).toBe(`${YOUTH}-report-${day}.html`);
  expect(report.bytes.toString()).toBe(fs.readFileSync(cli('youth.html'), 'utf8'));
  const xlsx = await download(page, 'Download the spreadsheet (XLSX)');
  expect(xlsx.name).toBe(`${YOUTH}-${day}.xlsx`);
  const [ours, theirs] = [unzip(xlsx.bytes), unzip(fs.readFileSync(cli('youth.xlsx')))];
  expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
  for (const name of Object.keys(theirs).filter((n) => n !== 'docProps/core.xml')) {
    expect(ours[name].toString(), `${name} in the spreadsheet`).toBe(theirs[name].toString());
  }
  // The report in the page is the same report.
  const frame = page.frameLocator('iframe[title="The summary report"]');
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(YOUTH_TITLE);

  // A breakdown, as `summary --by gender`.
  await page.getByLabel('Which of these describes you?').check();
  await page.getByRole('button', { name: 'Show the summary' }).click();
  const byGender = await download(page, 'Download the report (HTML)');
  expect(byGender.bytes.toString()).toBe(fs.readFileSync(cli('youth-by.html'), 'utf8'));

  // The other survey, under the collector's key.
  await openResponses(page, SURVIVOR_TITLE, [keys.test.file]);
  await expect(opened).toHaveText('249 responses opened.', { timeout: 60_000 });
  speaksafe('export', '--db', folder.db, '--key', keys.test.file, '--survey', SURVIVOR, '--out', cli('survivor.csv'));
  expect((await download(page, 'Download the responses (CSV)')).bytes.equals(fs.readFileSync(cli('survivor.csv')))).toBe(true);

  const keyBytes = [keys.old, keys.new, keys.test].flatMap((k) => encodings(k.private));
  const carrying = sent.filter((request) => keyBytes.some((k) => request.includes(k)));
  expect(sent.length).toBeGreaterThan(5);
  expect(carrying, 'no request carries a private key').toEqual([]);
  expect(await kept(page)).toEqual(NOTHING_KEPT);
});

test('a view or a spreadsheet too soon after an earlier release shows the ledger\'s words instead, and can be published anyway, recorded as forced', async ({ page }) => {
  test.setTimeout(120_000);
  await addAuthenticator(page);
  await register(page, invite(folder, 'Ledger', collector.base));
  const ledger = () => speaksafe('summary', '--ledger', '--db', folder.db, '--survey', SURVIVOR);
  const before = ledger();
  // The summary the first test was shown, recorded by the console as the responses were opened.
  expect(before).toMatch(/release \d+ \(summary, min-cell 10, \d{4}-\d\d-\d\d, 249 responses\)/);
  // The same tables of the same responses as the first test's: the same release again, shown.
  await openResponses(page, SURVIVOR_TITLE, [keys.test.file]);
  await expect(page.locator('#cs-opened')).toHaveText('249 responses opened.', { timeout: 60_000 });
  const frame = page.frameLocator('iframe[title="The summary report"]');
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(SURVIVOR_TITLE);
  expect(ledger(), 'nothing new recorded').toBe(before);

  // Other tables of the same 249 responses: withheld, with the ledger's words and the focus.
  await page.getByLabel('How old are you?').check();
  await page.getByRole('button', { name: 'Show the summary' }).click();
  const summaryWithheld = page.getByRole('region', { name: 'This summary is not shown yet' });
  await expect(summaryWithheld.getByRole('heading', { name: 'This summary is not shown yet' })).toBeFocused();
  const words = /refused: release \d+ \(summary, min-cell 10, \d{4}-\d\d-\d\d, 249 responses\) counted 249 responses and there are 249 now, so other tables of the same responses, set beside it, could show what some of them said \(at least 10 new ones must come in between\)\. The next release is possible once 10 more responses have come in \(259 in all\)/;
  await expect(summaryWithheld).toContainText(words);
  // What to do, in the console's words: its button, not the command line's --force.
  await expect(summaryWithheld).toContainText('If you choose “Show this summary anyway”, it is published');
  await expect(summaryWithheld).not.toContainText('--force');
  await expect(summaryWithheld).not.toContainText('--ledger');
  await expect(page.locator('iframe')).toHaveCount(0);
  const problems = await axeViolations(page);
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 720 });
    if (await sidewaysOverflow(page, width) > 0) problems.push(`at ${width} px it scrolls sideways`);
    problems.push(...(await page.evaluate(smallTargets)).map((p) => `at ${width} px: ${p}`));
  }
  expect(problems).toEqual([]);
  expect(ledger(), 'nothing recorded').toBe(before);

  // The spreadsheet of those tables: refused too, then downloaded anyway and recorded as forced.
  await page.getByRole('button', { name: 'Download the spreadsheet (XLSX)' }).click();
  const fileWithheld = page.getByRole('region', { name: 'The spreadsheet was not made yet' });
  await expect(fileWithheld.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(fileWithheld).toContainText(words);
  await expect(fileWithheld).toContainText('If you choose “Download the spreadsheet anyway”, it is published');
  await expect(fileWithheld).not.toContainText('--force');
  const xlsx = await download(page, 'Download the spreadsheet anyway');
  expect(xlsx.name).toMatch(/^survivor-consultation-.*\.xlsx$/);
  expect(ledger()).toMatch(/\(xlsx by age_group, min-cell 10, \d{4}-\d\d-\d\d, 249 responses, forced\)/);
  // The summary of the same tables is the same release: shown now.
  await page.getByRole('button', { name: 'Show the summary' }).click();
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(SURVIVOR_TITLE);
  await expect(frame.getByText('How old are you?').first()).toBeVisible();

  // A third table: withheld, then shown anyway, recorded as forced.
  await page.getByLabel('Do you live in the city?').check();
  await page.getByRole('button', { name: 'Show the summary' }).click();
  await expect(summaryWithheld).toContainText(/refused: release \d+ \(xlsx by age_group, min-cell 10, .*, forced\)/);
  await expect(page.locator('iframe')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show this summary anyway' }).click();
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(SURVIVOR_TITLE);
  await expect(summaryWithheld).toHaveCount(0);
  expect(ledger()).toMatch(/\(summary by age_group, lives_in_city, min-cell 10, \d{4}-\d\d-\d\d, 249 responses, forced\)/);
  await nav(page, 'Log').click();
  await expect(page.getByRole('cell', { name: 'release', exact: true }).first()).toBeVisible();

  // The console's very first view, withheld: 10 new responses, of which the command line publishes
  // one table first; the summary the console shows on opening is other tables of the same 259.
  const survivor = await sealer(SURVIVOR);
  for (const answers of survivorAnswers(10)) await submit(collector.base, SURVIVOR, survivor(keys.test.public, answers));
  speaksafe('summary', '--db', folder.db, '--key', keys.test.file, '--survey', SURVIVOR, '--by', 'connection');
  const published = ledger();
  expect(published).toMatch(/\(summary by connection, min-cell 10, \d{4}-\d\d-\d\d, 259 responses\)  digest [0-9a-f]+\n$/);
  await openResponses(page, SURVIVOR_TITLE, [keys.test.file]);
  await expect(summaryWithheld.getByRole('heading', { name: 'This summary is not shown yet' })).toBeFocused({ timeout: 60_000 });
  await expect(summaryWithheld).toContainText(/refused: release \d+ \(summary by connection, min-cell 10, \d{4}-\d\d-\d\d, 259 responses\) counted 259 responses and there are 259 now, so other tables of the same responses, set beside it, could show what some of them said/);
  await expect(summaryWithheld).not.toContainText('--force');
  await expect(page.locator('iframe')).toHaveCount(0);
  expect(ledger(), 'nothing recorded').toBe(published);
  await page.getByRole('button', { name: 'Show this summary anyway' }).click();
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(SURVIVOR_TITLE);
  expect(ledger()).toMatch(/\(summary, min-cell 10, \d{4}-\d\d-\d\d, 259 responses, forced\)  digest [0-9a-f]+\n$/);
});

test('a wrong key file opens nothing and says which file and why', async ({ page }) => {
  await addAuthenticator(page);
  await register(page, invite(folder, 'Wrong key', collector.base));
  // A key no response was sealed to.
  await openResponses(page, YOUTH_TITLE, [keys.nobody.file]);
  const problem = page.getByRole('alert');
  await expect(problem).toContainText('nobody.key: 251 responses could not be opened');
  await expect(problem).toContainText('None opened: is this the private key for this survey\'s public key?');
  // Focus is on the problem, which a screen reader then reads from its heading.
  await expect(problem).toBeFocused();
  await expect(problem.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(page.locator('#cs-opened')).toHaveCount(0);
  await expect(page.locator('iframe')).toHaveCount(0);
  // The public key file, picked by mistake.
  await page.getByLabel(KEY_FIELD).setInputFiles(folder.pub);
  await page.getByRole('button', { name: 'Open responses' }).click();
  await expect(page.getByRole('alert')).toContainText("test.pub is the survey's public key (the .pub file), which cannot open anything");
  await expect(page.getByRole('alert')).toBeFocused();
});

test('a download cut off is taken up after the last response received, or refused whole', async ({ page }) => {
  test.setTimeout(90_000);
  await addAuthenticator(page);
  await register(page, invite(folder, 'Cut off', collector.base));
  const asked = [];
  let cuts = 1;
  const responses = /\/api\/v1\/console\/surveys\/youth-voice\/responses\?/;
  await page.route(responses, async (route) => {
    asked.push(new URL(route.request().url()).search);
    if (cuts-- <= 0) return route.continue();
    // Half the lines, and half of the next: no end line.
    const whole = await (await route.fetch()).text();
    const lines = whole.split('\n');
    const half = lines.slice(0, 100).join('\n') + '\n' + lines[100].slice(0, 40);
    return route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: half });
  });
  await openResponses(page, YOUTH_TITLE, [keys.old.file, keys.new.file]);
  await expect(page.locator('#cs-opened')).toHaveText('250 responses opened.', { timeout: 60_000 });
  expect(asked).toHaveLength(2);
  expect(asked[1]).toMatch(/^\?after=[0-9a-f]{32}&limit=\d+$/);

  // Cut off every time, with nothing new: refused, and nothing of it shown.
  await page.getByRole('button', { name: 'Close the results' }).click();
  asked.length = 0;
  await page.unroute(responses);
  await page.route(responses, (route) => {
    asked.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: '{"id": "00' });
  });
  await page.getByLabel(KEY_FIELD).setInputFiles([keys.old.file, keys.new.file]);
  await page.getByRole('button', { name: 'Open responses' }).click();
  await expect(page.getByRole('alert')).toContainText('The download was cut off after 0 responses and could not be taken up again', { timeout: 30_000 });
  await expect(page.locator('#cs-opened')).toHaveCount(0);
  expect(asked.length).toBe(4);
});

test('the opened results are gone after 15 minutes without use, after sign-out and after a reload', async ({ page }) => {
  test.setTimeout(90_000);
  await page.clock.install();
  await addAuthenticator(page);
  await register(page, invite(folder, 'Idle', collector.base));
  const open = async () => {
    await openResponses(page, YOUTH_TITLE, [keys.old.file, keys.new.file]);
    await expect(page.locator('#cs-opened')).toHaveText('250 responses opened.', { timeout: 60_000 });
  };
  const answers = () => page.frameLocator('iframe').getByText('Which of these describes you?').first();
  await open();
  await expect(answers()).toBeVisible();
  await page.clock.runFor(14 * 60_000);
  await expect(page.locator('#cs-opened')).toHaveCount(1);
  await page.clock.runFor(61_000);
  await expect(page.getByRole('status').filter({ hasText: 'The results were closed after 15 minutes without use' })).toBeVisible();
  await expect(page.locator('iframe')).toHaveCount(0);

  await page.getByLabel(KEY_FIELD).setInputFiles([keys.old.file, keys.new.file]);
  await page.getByRole('button', { name: 'Open responses' }).click();
  await expect(page.locator('#cs-opened')).toHaveText('250 responses opened.', { timeout: 60_000 });
  await nav(page, 'Sign out').click();
  await onScreen(page, 'Sign in');
  await expect(page.locator('iframe')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await onScreen(page, 'Surveys');
  await openSurveyPage(page, YOUTH_TITLE);
  await page.getByRole('button', { name: 'Open responses' }).click();
  await expect(page.getByLabel(KEY_FIELD)).toBeVisible();
  await expect(page.locator('iframe')).toHaveCount(0);

  await open();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  expect(await page.evaluate(() => document.body.innerText)).not.toContain('responses opened');
  expect(await kept(page)).toEqual(NOTHING_KEPT);

  // Signed out after the collector's idle time with no request.
  await signIn(page, collector.base);
  await page.clock.runFor(31 * 60_000);
  await onScreen(page, 'Sign in');
  await expect(page.getByText('You were signed out after 30 minutes without use')).toBeVisible();
});

test('after a download, the responses can be deleted from the collector with a typed confirmation', async ({ page }) => {
  test.setTimeout(90_000);
  await addAuthenticator(page);
  await register(page, invite(folder, 'Purge', collector.base));
  // Closed, so that every response is in the download and all of them can go.
  await openSurveyPage(page, YOUTH_TITLE);
  await page.getByRole('button', { name: 'Close the survey' }).click();
  await expect(page.getByText('The survey is closed')).toBeVisible();
  await page.getByRole('button', { name: 'Open responses' }).click();
  await page.getByLabel(KEY_FIELD).setInputFiles([keys.old.file, keys.new.file]);
  await page.getByRole('button', { name: 'Open responses' }).click();
  await expect(page.locator('#cs-opened')).toHaveText('250 responses opened.', { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Delete the responses from the collector' })).toHaveCount(0);
  await download(page, 'Download the responses (CSV)');
  await page.getByRole('button', { name: 'Delete the responses from the collector' }).click();
  const confirm = page.getByLabel(/^To go ahead, type/);
  await expect(confirm).toBeFocused();
  await confirm.fill((await page.locator('.cs-typed').textContent()).trim());
  await page.getByRole('button', { name: 'Delete the responses' }).click();
  await expect(page.getByText('251 responses were deleted from the collector.')).toBeVisible();
  await openSurveyPage(page, YOUTH_TITLE);
  await expect(page.getByText('No responses yet.')).toBeVisible();
  await nav(page, 'Log').click();
  for (const action of ['download', 'purge']) {
    await expect(page.getByRole('cell', { name: action, exact: true }).first()).toBeVisible();
  }
});
