// Zero trace (design.md invariant 1): a whole run through each example survey,
// answering every question shown, up to Check your answers and then Submit,
// writes nothing to the browser (no cookie, Web Storage, IndexedDB, Cache
// Storage, service worker, storage quota used) and asks the network for
// nothing but the app itself and the survey's definition, until Submit sends
// the sealed response to the survey's own endpoint.
import { test, expect } from '@playwright/test';

const SURVEYS = [
  { id: 'survivor-consultation', path: '/' },
  { id: 'youth-voice', path: '/?survey=youth-voice' },
];


// Every file loading the app may ask for, by path. Anything else fails.
const APP_FILES = ['/boot.js', '/speaksafe.js', '/speaksafe_bg.wasm', '/seal.wasm', '/icon.svg'];

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

// Answers every question on the page now shown: the first choice of every
// radio group and checkbox group, the first option of every dropdown, and a
// valid value in every text box; again, for questions that appear.
async function answerEverything(page) {
  for (let pass = 0; pass < 4; pass++) {
    const todo = await page.evaluate(() => {
      const form = document.querySelector('#ss-main form');
      if (!form) return [];
      const out = [];
      const groups = new Set();
      for (const el of form.querySelectorAll('input, textarea, select')) {
        if (el.type === 'radio' || el.type === 'checkbox') {
          if (groups.has(el.name)) continue;
          groups.add(el.name);
          const group = [...form.querySelectorAll('input')].filter((x) => x.name === el.name);
          if (!group.some((x) => x.checked)) out.push({ id: el.id, action: 'check' });
        } else if (el.tagName === 'SELECT') {
          if (!el.value) out.push({ id: el.id, action: 'select', value: el.options[1].value });
        } else if (!el.value) {
          const value =
            el.tagName === 'TEXTAREA' ? 'Better lighting near the station.'
            : el.inputMode === 'numeric' || el.inputMode === 'decimal' ? '13' // an age, hours, a count: valid for each
            : el.id.endsWith('-other-text-input') ? 'Something else'
            : 'E16'; // the short texts: a postcode district fits each
          out.push({ id: el.id, action: 'fill', value });
        }
      }
      return out;
    });
    if (todo.length === 0) return;
    for (const { id, action, value } of todo) {
      const control = page.locator(`[id="${id}"]`);
      if (action === 'check') await control.check();
      else if (action === 'select') await control.selectOption(value);
      else await control.fill(value);
    }
  }
}

// Which screen is shown (a content note and its page share a heading).
const SIGNATURE = () =>
  [
    document.getElementById('ss-heading')?.textContent,
    document.querySelector('#ss-main .ss-content-note') ? 'note' : '',
    document.getElementById('ss-error-summary') ? 'errors' : '',
  ].join('|');

// From the intro to Check your answers, through every content note (Continue)
// and every page (answered).
async function answerToCheck(page) {
  const headings = [];
  await page.locator('.ss-button--start').click();
  for (let step = 0; step < 40; step++) {
    if (await page.locator('dl.ss-summary-list').count()) return headings;
    const before = await page.evaluate(SIGNATURE);
    headings.push(before);
    if (await page.locator('#ss-main .ss-content-note').count()) {
      await page.locator('#ss-main .ss-button-group .ss-button:not(.ss-button--secondary)').click();
    } else {
      await answerEverything(page);
      await page.locator('#ss-main form button[type=submit]').click();
    }
    await expect.poll(() => page.evaluate(SIGNATURE)).not.toBe(before);
    const errors = page.locator('#ss-error-summary');
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
    await expect(page.locator('head meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');
    await expect(page.locator('#ss-heading')).toBeVisible();

    // A whole run, answering everything, to Check your answers.
    const screens = await answerToCheck(page);
    expect(screens.length).toBeGreaterThan(5);
    const rows = page.locator('.ss-summary-list__row');
    expect(await rows.count()).toBeGreaterThan(10);
    expect(await page.locator('.ss-summary-list__value--empty').count(), 'every question shown was answered').toBe(0);

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
    await page.locator('#ss-main > .ss-button').click();
    await expect(page.locator('#ss-main .ss-panel #ss-heading')).toHaveText('Thank you');
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
