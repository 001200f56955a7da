// Access codes, the respondent's side (a survey with "access": "codes"), by keyboard: the intro
// asks for the code in a labelled field; an empty, mistyped, unknown, used or withdrawn code is
// told in kind words in an error summary linked to the field; a good code goes on to the survey,
// and one response is stored. A code from a card's QR code (#code=) is taken and the fragment is
// gone from the address bar and from history at once. Before Submit nothing is sent but the
// redemption (the code with a blinded message, blinded to the token key the survey's definition
// names: no key is asked for apart); nothing is written to the browser; the quick exit works on
// the code screen and sends nothing. A collector that signs with another key than the survey
// names, or a survey that names none, is refused: the survey does not start, nothing is stored.
// axe finds nothing on the code screens. A survey without codes shows no field, and never
// fetches the token module. The studio sets who can answer.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { axeViolations, sidewaysOverflow, smallTargets } from './a11y.mjs';
import { chooseRadio, pressButton, tabTo } from './keyboard.mjs';
import { continueButton, errorSummary, heading, main, question, startButton, submitButton } from './helpers.mjs';
import { freePort, freshCollectorFolder, speaksafe, startCollector } from './collector.mjs';

const SURVEY = 'class-voice';
const CODE_LABEL = 'Your access code';
const WORDS = JSON.parse(fs.readFileSync(new URL('../../core/words/en.json', import.meta.url), 'utf8')).words;

let collector;
let folder;
let origin;
// Codes from the cards, by batch: each test takes its own.
const codes = {};

/** The codes printed on a batch's cards, and the links of their QR codes. */
function issue(batch, count) {
  const cards = path.join(folder.dir, `${batch}.html`);
  speaksafe('codes', 'issue', '--survey', SURVEY, '--count', String(count), '--batch', batch, '--cards', cards,
    '--origin', origin, '--db', folder.db);
  const html = fs.readFileSync(cards, 'utf8');
  fs.rmSync(cards);
  return [...html.matchAll(/<div class="code">([A-Z0-9-]+)<\/div>/g)].map((m) => m[1]);
}

test.beforeAll(async () => {
  folder = freshCollectorFolder('e2e-collector-codes');
  const port = await freePort();
  collector = await startCollector(folder, port, [], 'tests/e2e/surveys');
  origin = `http://127.0.0.1:${port}`;
  codes.school = issue('Year 9', 4);
  codes.withdrawn = issue('Year 10', 1);
  speaksafe('codes', 'withdraw', '--survey', SURVEY, '--batch', 'Year 10', '--db', folder.db);
  // The key made with the first codes is named in the survey's definition by the collector as
  // it next looks at the database (every second).
  for (let i = 0; i < 50 && !(await namedKey()); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await namedKey()).toMatch(/^[A-Za-z0-9_-]{300,}$/);
});
test.afterAll(() => collector?.kill('SIGTERM'));

/** The token key the survey's definition names, as the collector serves it. */
async function namedKey() {
  return (await (await fetch(`${origin}/surveys/${SURVEY}.json`)).json()).submit.token_key;
}

/** How many responses the collector holds for the survey. */
function stored() {
  return speaksafe('export', '--db', folder.db, '--key', folder.key, '--survey', SURVEY, '--surveys', 'tests/e2e/surveys').trim().split('\n').length - 1;
}

/** A code well typed (its check character right) that was never issued. */
function neverIssued() {
  const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const body = [...'7KQM2XHD9RT'].map((c) => ALPHABET.indexOf(c));
  let sum = 0;
  body.slice().reverse().forEach((v, i) => {
    const d = i % 2 === 0 ? v * 2 : v;
    sum += Math.floor(d / 32) + (d % 32);
  });
  const check = ALPHABET[(32 - (sum % 32)) % 32];
  return `7KQM-2XHD-9RT${check}`;
}

/** Every request the page's context makes, with its body. */
function recordRequests(context) {
  const requests = [];
  context.on('request', (r) => requests.push({ method: r.method(), url: new URL(r.url()), body: r.postData() ?? '' }));
  return requests;
}

/** What the browser holds for this origin. */
async function traces(page, context) {
  return {
    cookies: (await context.cookies()).length,
    ...(await page.evaluate(async () => ({
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      indexedDB: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
      serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
    }))),
  };
}
const NO_TRACE = { cookies: 0, localStorage: 0, sessionStorage: 0, indexedDB: 0, caches: 0, serviceWorkers: 0 };

function codeField(page) {
  return main(page).getByLabel(CODE_LABEL, { exact: true });
}

/** Types a code into the field by keyboard (what was there first is cleared) and presses Enter. */
async function enterCode(page, code) {
  await tabTo(page, codeField(page));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (code) await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

/** The error summary says `words`, its link goes to the field, and the field says it too. */
async function expectProblem(page, words) {
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: words, exact: true })).toHaveAttribute('href', '#q-access-code');
  await expect(codeField(page)).toHaveAccessibleDescription(new RegExp(`Error: ${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  expect(await axeViolations(page)).toEqual([]);
}

/** What is wrong with the screen's layout at 320 px and 1280 px, each with 200% text too. */
async function layoutProblems(page) {
  const problems = [];
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 720 });
    const over = await sidewaysOverflow(page, width);
    if (over > 0) problems.push(`at ${width} px the page is ${over} px too wide`);
    for (const problem of await page.evaluate(smallTargets)) problems.push(`at ${width} px: ${problem}`);
    await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
    const overLarge = await sidewaysOverflow(page, width);
    if (overLarge > 0) problems.push(`at ${width} px with 200% text the page is ${overLarge} px too wide`);
    await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  }
  return problems;
}

test('a code typed by keyboard: empty, mistyped and unknown codes told kindly, a good one goes on; one response; nothing else sent; no trace', async ({ page, context }) => {
  test.setTimeout(60_000);
  const requests = recordRequests(context);
  await page.goto(`${origin}/?survey=${SURVEY}`);
  await expect(heading(page)).toHaveText('Your school, your say');
  await expect(codeField(page)).toBeEditable();
  await expect(codeField(page)).toHaveAccessibleDescription(WORDS.code_hint);
  expect(await axeViolations(page)).toEqual([]);

  // Start with nothing typed, then a mistyped code: caught in the browser, nothing sent.
  await enterCode(page, '');
  await expectProblem(page, WORDS.code_enter);
  // The summary's link takes focus to the field, by keyboard.
  await pressButton(page, errorSummary(page).getByRole('link'));
  await expect(codeField(page)).toBeFocused();
  await enterCode(page, 'ABCD-EFGH-JKL');
  await expectProblem(page, WORDS.code_mistyped);
  expect(requests.filter((r) => r.url.pathname.startsWith('/api/'))).toEqual([]);
  await enterCode(page, neverIssued());
  await expectProblem(page, WORDS.code_unknown);
  // The code screen with its longest words fits a narrow phone and large text, targets big enough.
  expect(await layoutProblems(page)).toEqual([]);

  // A good code, typed in lower case with spaces: on to the survey's first page.
  await enterCode(page, codes.school[0].toLowerCase().replace(/-/g, ' '));
  await expect(heading(page)).toHaveText('Your school');
  await expect(heading(page)).toBeFocused();
  await chooseRadio(page, question(page, 'Do you feel safe at school?'), 'Yes');
  await pressButton(page, continueButton(page));
  await expect(heading(page)).toHaveText('Check your answers');
  expect(await traces(page, context)).toEqual(NO_TRACE);

  // Before Submit: the app, the definition, the token module, and the redemptions (the code
  // with a blinded message: never an answer; no key is asked for, the definition names it).
  const before = [...requests];
  const api = before.filter((r) => r.url.pathname.startsWith('/api/'));
  expect(api.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
    `POST /api/v1/surveys/${SURVEY}/tokens`, `POST /api/v1/surveys/${SURVEY}/tokens`,
  ]);
  for (const r of api) {
    expect(Object.keys(JSON.parse(r.body)).sort()).toEqual(['blinded', 'code']);
  }
  expect(JSON.parse(api[1].body).code).toBe(codes.school[0]);
  for (const r of before.filter((b) => !b.url.pathname.startsWith('/api/'))) {
    expect(r.method, r.url.href).toBe('GET');
    expect(r.url.origin).toBe(origin);
    expect(r.url.pathname, r.url.href).toMatch(/^\/(\?.*)?$|^\/(boot\.js|widget\.js|widget_bg\.wasm|seal\.wasm|token\.wasm|icon\.svg|[\w-]+\.css|surveys\/class-voice\.json)$/);
  }
  expect(before.filter((r) => r.url.pathname === '/token.wasm')).toHaveLength(1);

  // Submit: the sealed response with its token, once.
  await pressButton(page, submitButton(page));
  await expect(heading(page)).toHaveText('Thank you', { timeout: 15_000 });
  const sent = requests.slice(before.length).filter((r) => r.url.pathname.startsWith('/api/'));
  expect(sent.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([`POST /api/v1/surveys/${SURVEY}/responses`]);
  const body = JSON.parse(sent[0].body);
  expect(Object.keys(body).sort()).toEqual(['envelope', 'submission_id', 'token']);
  // The token shares nothing with what the collector saw at redemption.
  for (const r of api.filter((a) => a.method === 'POST')) expect(body.token).not.toContain(JSON.parse(r.body).blinded.slice(0, 40));
  expect(await traces(page, context)).toEqual(NO_TRACE);

  const csv = speaksafe('export', '--db', folder.db, '--key', folder.key, '--survey', SURVEY, '--surveys', 'tests/e2e/surveys').trim().split('\n');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain('yes');
  expect(speaksafe('codes', 'list', '--survey', SURVEY, '--db', folder.db)).toContain('Year 9\t4 codes\t1 used');
});

test('a used code and a code of a withdrawn batch are told kindly, naming no one', async ({ page, context }) => {
  const requests = recordRequests(context);
  // This code is used by a first browser...
  await page.goto(`${origin}/?survey=${SURVEY}`);
  await enterCode(page, codes.school[1]);
  await expect(heading(page)).toHaveText('Your school');
  // ...and a second one is told so.
  const other = await context.browser().newContext();
  const second = await other.newPage();
  await second.goto(`${origin}/?survey=${SURVEY}`);
  await enterCode(second, codes.school[1]);
  await expectProblem(second, WORDS.code_used);
  await enterCode(second, codes.withdrawn[0]);
  await expectProblem(second, WORDS.code_withdrawn);
  // The field keeps what was typed, to be checked against the card.
  await expect(codeField(second)).toHaveValue(codes.withdrawn[0]);
  await other.close();
  expect(requests.filter((r) => r.url.pathname.endsWith('/responses'))).toEqual([]);
});

test('a code from the card\'s QR code (#code=) is taken, and gone from the address bar and from history at once', async ({ page, context }) => {
  const requests = recordRequests(context);
  const code = codes.school[2];
  await page.goto(`${origin}/?survey=${SURVEY}#code=${code}`);
  await expect(heading(page)).toHaveText('Your school, your say');
  await expect(codeField(page)).toHaveValue(code);
  // Gone before anything is pressed: from the address, and from the tab's history, whose entries
  // (as the browser keeps them: DevTools' navigation history) are the blank tab and the survey.
  expect(page.url()).toBe(`${origin}/?survey=${SURVEY}`);
  expect(await page.evaluate(() => location.hash)).toBe('');
  const cdp = await context.newCDPSession(page);
  const history = async () => (await cdp.send('Page.getNavigationHistory')).entries.map((e) => e.url);
  expect(await history()).toEqual(['about:blank', `${origin}/?survey=${SURVEY}`]);
  // Nothing is sent until Start.
  expect(requests.filter((r) => r.url.pathname.startsWith('/api/'))).toEqual([]);
  expect(requests.some((r) => r.url.href.includes(code))).toBe(false);
  expect(await axeViolations(page)).toEqual([]);

  await pressButton(page, startButton(page));
  await expect(heading(page)).toHaveText('Your school');
  expect(await history()).toEqual(['about:blank', `${origin}/?survey=${SURVEY}`]);
  // The code went once, in the redemption's body, never in an address.
  expect(requests.filter((r) => r.url.href.includes(code) || r.body.includes(code)).map((r) => r.url.pathname))
    .toEqual([`/api/v1/surveys/${SURVEY}/tokens`]);
});

test('a token module that is not the published one is refused: the code is not sent, and the survey could not start', async ({ page, context }) => {
  const requests = recordRequests(context);
  await page.route('**/token.wasm', async (route) => {
    const body = Buffer.from(await (await route.fetch()).body());
    body[body.length - 1] ^= 1;
    await route.fulfill({ body, contentType: 'application/wasm' });
  });
  await page.goto(`${origin}/?survey=${SURVEY}`);
  await enterCode(page, codes.school[3]);
  await expectProblem(page, WORDS.could_not_start);
  expect(requests.filter((r) => r.url.pathname.startsWith('/api/'))).toEqual([]);
});

test('a collector that signs the code with another key than the survey names is refused: the survey does not start, nothing is stored', async ({ page, context }) => {
  const requests = recordRequests(context);
  const before = stored();
  // A collector changed to sign with a key of its own (one it could know this browser by): the
  // redemption's answer is a real blind signature, by another 2048-bit RSA key.
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const big = (b64) => BigInt(`0x${Buffer.from(b64, 'base64url').toString('hex')}`);
  const [n, d] = [big(jwk.n), big(jwk.d)];
  const power = (base, exponent) => {
    let result = 1n;
    for (base %= n; exponent > 0n; exponent >>= 1n, base = (base * base) % n) if (exponent & 1n) result = (result * base) % n;
    return result;
  };
  await page.route(`**/api/v1/surveys/${SURVEY}/tokens`, async (route) => {
    const signature = power(big(JSON.parse(route.request().postData()).blinded), d);
    const bytes = Buffer.from(signature.toString(16).padStart(512, '0'), 'hex');
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ blind_signature: bytes.toString('base64url') }) });
  });
  await page.goto(`${origin}/?survey=${SURVEY}`);
  await enterCode(page, codes.school[3]);
  await expectProblem(page, WORDS.could_not_start);
  await expect(heading(page)).toHaveText('Your school, your say');
  expect(requests.filter((r) => r.url.pathname.startsWith('/api/')).map((r) => `${r.method} ${r.url.pathname}`))
    .toEqual([`POST /api/v1/surveys/${SURVEY}/tokens`]);
  expect(stored()).toBe(before);
});

test('a survey with codes whose definition names no token key does not start, and sends nothing', async ({ page, context }) => {
  const requests = recordRequests(context);
  await page.route(`**/surveys/${SURVEY}.json`, async (route) => {
    const definition = await (await route.fetch()).json();
    delete definition.submit.token_key;
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify(definition) });
  });
  await page.goto(`${origin}/?survey=${SURVEY}`);
  await enterCode(page, codes.school[3]);
  await expectProblem(page, WORDS.could_not_start);
  expect(requests.filter((r) => r.url.pathname.startsWith('/api/'))).toEqual([]);
});

test('the quick exit on the code screen leaves at once and sends nothing', async ({ page, context }) => {
  const requests = recordRequests(context);
  await context.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' }));
  await page.goto(`${origin}/?survey=${SURVEY}`);
  await tabTo(page, codeField(page));
  await page.keyboard.type(codes.school[3]);
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL('https://www.bbc.co.uk/weather');
  expect(requests.filter((r) => r.url.pathname.startsWith('/api/') || r.url.pathname === '/token.wasm' && r.method !== 'GET')).toEqual([]);
  expect(await context.cookies()).toEqual([]);
});

test('a survey without codes asks for none and never fetches the token module', async ({ page, context }) => {
  const requests = recordRequests(context);
  await page.goto(`${origin}/?survey=getting-here`);
  await expect(heading(page)).toHaveText('Getting to the centre');
  await expect(main(page).getByRole('textbox')).toHaveCount(0);
  await pressButton(page, startButton(page));
  await expect(heading(page)).toHaveText('Getting here');
  expect(requests.filter((r) => r.url.pathname === '/token.wasm' || r.url.pathname.startsWith('/api/'))).toEqual([]);
});

test('the studio: who can answer is a setting, by keyboard, and the survey saved takes codes', async ({ page }) => {
  await page.goto(`${origin}/studio/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Make a survey' })).toBeVisible();
  await pressButton(page, page.getByRole('button', { name: 'Open the Youth Voice example' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Title, intro and settings' })).toBeVisible();
  const who = page.getByRole('group', { name: 'Who can answer', exact: true });
  await expect(who.getByRole('radio', { name: 'Anyone with the link', exact: true })).toBeChecked();
  await chooseRadio(page, who, 'Only people with an access code, once each');
  await expect(who.getByRole('radio', { name: 'Only people with an access code, once each', exact: true })).toBeChecked();
  expect(await axeViolations(page)).toEqual([]);
  const download = page.waitForEvent('download');
  await pressButton(page, page.getByRole('button', { name: 'Save to a file' }));
  const saved = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8'));
  expect(saved.access).toBe('codes');
});
