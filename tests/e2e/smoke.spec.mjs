// The release build boots under the production Content Security Policy:
// no inline script, wasm allowed only through 'wasm-unsafe-eval'.
import fs from 'node:fs';
import { test, expect } from '@playwright/test';

test('the survey page boots under the Content Security Policy', async ({ page }) => {
  const cspMessages = [];
  const consoleErrors = [];
  const pageErrors = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (execute|load|apply|compile|connect|frame|evaluate)/i.test(text)) {
      cspMessages.push(`${msg.type()}: ${text}`);
    } else if (msg.type() === 'error') {
      consoleErrors.push(text);
    }
  });
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  // Also catch violations reported to the page itself. Init scripts run via
  // the DevTools protocol, so the CSP does not block this listener.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });

  const response = await page.goto('/');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");

  // index.html has no heading of its own: a level-1 heading means the wasm app started.
  try {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  } catch (e) {
    const violations = await page.evaluate(() => window.__cspViolations);
    throw new Error(
      `the app did not start (no level-1 heading).\nCSP violations: ${JSON.stringify(violations)}\n` +
        `CSP console messages: ${JSON.stringify(cspMessages)}\npage errors: ${JSON.stringify(pageErrors)}\n${e.message}`,
    );
  }

  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(cspMessages).toEqual([]);
  expect(pageErrors).toEqual([]);
  // Anything else the console reports as an error (a 404 for a missing
  // file, say) is a fault in the shell too.
  expect(consoleErrors).toEqual([]);
});

// A respondent on a slow phone network: the survey definition is fetched while the wasm is still
// downloading (not after it has started), and both come compressed.
test('on a slow network the survey definition loads alongside the app, and both come compressed', async ({ page, context }) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // Slow 4G, as DevTools has it: 150 ms round trips, 1.6 Mbit/s down.
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 });
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, sent: e.timestamp }));
  cdp.on('Network.responseReceived', (e) => Object.assign(requests.get(e.requestId) ?? {}, { encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] }));
  cdp.on('Network.loadingFinished', (e) => Object.assign(requests.get(e.requestId) ?? {}, { finished: e.timestamp, bytes: e.encodedDataLength }));

  await page.goto('/?survey=youth-voice');
  // The heading is in the collector's first screen at once; Start is enabled once the app runs.
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled({ timeout: 30_000 });
  const byPath = (p) => [...requests.values()].find((r) => new URL(r.url).pathname === p);
  const wasm = byPath('/widget_bg.wasm');
  const survey = byPath('/surveys/youth-voice.json');
  expect(wasm?.finished, 'the wasm loaded').toBeTruthy();
  expect(survey?.finished, 'the survey loaded').toBeTruthy();
  // Already here when the app starts, rather than asked for once it has started.
  expect(survey.finished, 'the survey arrived before the wasm had').toBeLessThan(wasm.finished);
  expect(wasm.encoding).toBe('br');
  expect(survey.encoding).toBe('gzip');
  expect(wasm.bytes, 'the wasm comes at under half its size').toBeLessThan(fs.statSync(new URL('../../dist/widget_bg.wasm', import.meta.url)).size / 2);
  expect([...requests.values()].filter((r) => new URL(r.url).pathname === '/surveys/youth-voice.json')).toHaveLength(1);
});
