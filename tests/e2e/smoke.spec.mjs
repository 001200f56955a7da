// The release build boots under the production Content Security Policy:
// no inline script, wasm allowed only through 'wasm-unsafe-eval'.
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

  // index.html has no heading of its own: an h1 means the wasm app started.
  try {
    await expect(page.locator('h1')).toBeVisible();
  } catch (e) {
    const violations = await page.evaluate(() => window.__cspViolations);
    throw new Error(
      `the app did not start (no h1).\nCSP violations: ${JSON.stringify(violations)}\n` +
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
