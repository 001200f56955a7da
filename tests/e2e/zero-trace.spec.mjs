// Zero trace (the README's first promise): a whole run through each example survey,
// answering every question shown, up to Check your answers and then Submit,
// writes nothing to the browser (no cookie, Web Storage, IndexedDB, Cache
// Storage, service worker, storage quota used) and asks the network for
// nothing but the app itself and the survey's definition, until Submit sends
// the sealed response to the survey's own endpoint.
import { test, expect } from '@playwright/test';
import {
  checkAnswers, continueButton, errorSummary, heading, main, screenSignature, skipPageButton, startButton, submitButton,
} from './helpers.mjs';

const SURVEYS = [
  { id: 'survivor-consultation', path: '/' },
  // Answered in easy read: switching it, and every easy-read text, keeps nothing either.
  { id: 'youth-voice', path: '/?survey=youth-voice', easyRead: true },
];


// Every file loading the app may ask for, by path. Anything else fails.
const APP_FILES = ['/boot.js', '/widget.js', '/widget_bg.wasm', '/seal.wasm', '/icon.svg'];

// What the browser holds for this origin, as the page sees it.
async function traces(page, context) {
  const inPage = await page.evaluate(async () => ({
    documentCookie: document.cookie,
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
    usage: (await navigator.storage.estimate()).usage,
  }));
  return { cookies: await context.cookies(), ...inPage };
}

// Answers every question on the page now shown, found by role as a respondent finds them: the
// first choice of every group of radios or checkboxes (of every row, in a matrix), the first
// option of every dropdown, and a valid value in every text box; again, for questions that appear.
async function answerEverything(page) {
  const form = main(page);
  for (let pass = 0; pass < 4; pass++) {
    let answered = 0;
    for (const group of await form.getByRole('group').all()) {
      const rows = group.getByRole('row').filter({ has: page.getByRole('rowheader') });
      for (const set of (await rows.count()) ? await rows.all() : [group]) {
        const choices = set.getByRole('radio').or(set.getByRole('checkbox'));
        const chosen = set.getByRole('radio', { checked: true }).or(set.getByRole('checkbox', { checked: true }));
        if ((await choices.count()) && !(await chosen.count())) {
          await choices.first().check();
          answered++;
        }
      }
    }
    for (const select of await form.getByRole('combobox').all()) {
      if (!(await select.inputValue())) {
        await select.selectOption({ index: 1 }); // the first answer after "Choose an answer"
        answered++;
      }
    }
    // An "Other" choice's text box, labelled "Please say".
    for (const box of await form.getByLabel('Please say', { exact: true }).all()) {
      if (await box.inputValue()) continue;
      await box.fill('Something else');
      answered++;
    }
    for (const box of await form.getByRole('textbox').all()) {
      if (await box.inputValue()) continue;
      const inputMode = await box.getAttribute('inputmode');
      const value =
        (await box.evaluate((e) => e.localName === 'textarea')) ? 'Better lighting near the station.'
        : inputMode === 'numeric' || inputMode === 'decimal' ? '13' // an age, hours, a count: valid for each
        : 'E16'; // the short texts: a postcode district fits each
      await box.fill(value);
      answered++;
    }
    if (answered === 0) return;
  }
}

// From the intro to Check your answers, through every content note (Continue)
// and every page (answered).
async function answerToCheck(page) {
  const headings = [];
  await startButton(page).click();
  for (let step = 0; step < 40; step++) {
    if ((await heading(page).textContent()) === 'Check your answers') return headings;
    const before = await screenSignature(page);
    headings.push(before);
    if (!(await skipPageButton(page).count())) await answerEverything(page);
    await continueButton(page).click();
    await expect.poll(() => screenSignature(page)).not.toBe(before);
    const errors = errorSummary(page);
    if (await errors.count()) throw new Error(`answers refused on "${before}": ${await errors.innerText()}`);
  }
  throw new Error('did not reach Check your answers');
}

// What a page on this origin that never ran the app reports: the baseline.
async function blankOriginBaseline(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${origin}/__blank`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  await page.goto(`${origin}/__blank`);
  const baseline = await traces(page, context);
  await context.close();
  return baseline;
}

for (const survey of SURVEYS) {
  test(`${survey.id}: a whole run leaves no trace and asks for nothing else`, async ({ page, context, browser, baseURL }) => {
    const origin = new URL(baseURL).origin;
    const baseline = await blankOriginBaseline(browser, origin);

    const requests = [];
    context.on('request', (request) => {
      requests.push({ url: request.url(), method: request.method(), type: request.resourceType(), headers: request.headers() });
    });

    // The document: its headers, and the referrer policy in the page itself.
    const response = await page.goto(survey.path);
    const headers = response.headers();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(headers['content-security-policy']).toContain("object-src 'none'");
    expect(headers['content-security-policy']).toContain("base-uri 'none'");
    expect(headers['referrer-policy']).toBe('no-referrer');
    // (Document metadata, not something on screen.)
    await expect(page.locator('head meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');
    await expect(heading(page)).toBeVisible();
    if (survey.easyRead) {
      const easyRead = page.getByRole('button', { name: 'Easy read' });
      await easyRead.click();
      await expect(easyRead).toHaveAttribute('aria-pressed', 'true');
    }

    // A whole run, answering everything, to Check your answers.
    const screens = await answerToCheck(page);
    expect(screens.length).toBeGreaterThan(5);
    const answers = await checkAnswers(page);
    expect(Object.keys(answers).length).toBeGreaterThan(10);
    const unanswered = Object.entries(answers).filter(([, lines]) => lines.length === 0 || lines.includes('Not answered'));
    expect(unanswered, 'every question shown was answered').toEqual([]);
    await expect(main(page).getByText('Not answered', { exact: true })).toHaveCount(0);

    const atCheck = await traces(page, context);
    test.info().annotations.push({ type: 'storage', description: `usage at Check your answers: ${atCheck.usage} bytes (a blank page on this origin: ${baseline.usage})` });
    expect(atCheck).toEqual({
      cookies: [],
      documentCookie: '',
      localStorage: 0,
      sessionStorage: 0,
      indexedDB: [],
      caches: [],
      serviceWorkers: 0,
      usage: baseline.usage,
    });
    expect(baseline.usage).toBe(0);

    // Nothing but the app and this survey's definition, all from this origin.
    const beforeSubmit = [...requests];
    for (const r of beforeSubmit) {
      const url = new URL(r.url);
      expect(url.origin, `third-party request ${r.url}`).toBe(origin);
      expect(r.method, r.url).toBe('GET');
      const file = url.pathname + url.search;
      const allowed =
        (r.type === 'document' && url.href === new URL(survey.path, origin).href) ||
        APP_FILES.includes(file) ||
        (/^\/[\w-]+\.css$/.test(file) && r.type === 'stylesheet') ||
        file === `/surveys/${survey.id}.json`;
      expect(allowed, `unexpected request ${r.method} ${r.url} (${r.type})`).toBe(true);
    }
    const paths = beforeSubmit.map((r) => new URL(r.url).pathname);
    expect(paths.filter((p) => p === `/surveys/${survey.id}.json`)).toHaveLength(1);

    expect(beforeSubmit.filter((r) => r.type === 'document')).toHaveLength(1);

    // Submit: the one request after it is the sealed response, to the survey's
    // own endpoint on this origin, without cookies or referrer.
    await submitButton(page).click();
    await expect(heading(page)).toHaveText('Thank you');
    // (The seal module, fetched from Check your answers on, may still be on its way at Submit.)
    const afterSubmit = requests.slice(beforeSubmit.length).filter((r) => new URL(r.url).pathname !== '/seal.wasm');
    expect(afterSubmit.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([`POST /api/v1/surveys/${survey.id}/responses`]);
    expect(new URL(afterSubmit[0].url).origin).toBe(origin);
    expect(afterSubmit[0].headers.cookie).toBeUndefined();
    expect(afterSubmit[0].headers.referer ?? '', 'no referrer is sent').toBe('');
    const seal = requests.filter((r) => new URL(r.url).pathname === '/seal.wasm');
    expect(seal.map((r) => `${r.method} ${new URL(r.url).origin}`), 'the seal module, once, from this origin').toEqual([`GET ${origin}`]);

    const atCompletion = await traces(page, context);
    test.info().annotations.push({ type: 'storage', description: `usage at completion: ${atCompletion.usage} bytes` });
    expect(atCompletion).toEqual(atCheck);
  });
}
