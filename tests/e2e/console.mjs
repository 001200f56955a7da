// Shared steps of the console's end-to-end tests: a collector of the test's own with a console
// (at http://localhost:PORT: passkeys need a host name, not an IP address), invitations from the
// organiser's command line, and Chromium's virtual authenticator (the DevTools WebAuthn domain)
// for passkeys.
import { expect } from '@playwright/test';
import { speaksafe, startCollector } from './collector.mjs';

/** A collector with a console on `port`: its address (http://localhost:PORT) and process. */
export async function startConsole(folder, port, extra = []) {
  const base = `http://localhost:${port}`;
  const child = await startCollector(folder, port, ['--origin', base, ...extra]);
  return { base, child };
}

/** Stops a collector and waits for it to be gone. */
export async function stop(child) {
  child.kill('SIGTERM');
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
}

/** An invitation link for `name`, as `speaksafe organisers invite` prints it. */
export function invite(folder, name, base) {
  const printed = speaksafe('organisers', 'invite', name, '--db', folder.db, '--origin', base);
  const link = /(\S*\/console\/#invite=[A-Za-z0-9_-]+)/.exec(printed)?.[1];
  if (!link) throw new Error(`no invitation link in: ${printed}`);
  return link;
}

/**
 * A virtual passkey authenticator in this page's browser (one per test: a passkey made on it is
 * found again by sign-in, as on a real device).
 */
export async function addAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return {
    async passkeys() {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    },
  };
}

/** The console screen's one heading, which has focus after every change of screen. */
export async function onScreen(page, title) {
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText(title);
  await expect(h1).toBeFocused();
}

/** Opens an invitation link and makes the passkey: signed in, at the surveys. */
export async function register(page, link) {
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create your passkey');
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await onScreen(page, 'Surveys');
}

/** Opens the console and signs in with the passkey on this browser's authenticator. */
export async function signIn(page, base) {
  await page.goto(`${base}/console/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await onScreen(page, 'Surveys');
}

/** The console's banner navigation: "Surveys", "Publish a survey", "Log", "Passkeys", "Sign out". */
export function nav(page, name) {
  return page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name, exact: true });
}

/** From the surveys list, a survey's page. */
export async function openSurveyPage(page, title) {
  await nav(page, 'Surveys').click();
  await onScreen(page, 'Surveys');
  await page.getByRole('button', { name: title, exact: true }).click();
  await onScreen(page, title);
}

/** What the browser keeps for this page: all of it must be empty. */
export async function kept(page) {
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
    workers: (await navigator.serviceWorker.getRegistrations()).length,
  }));
  return { ...stored, cookies: (await page.context().cookies()).length };
}

export const NOTHING_KEPT = { local: 0, session: 0, databases: 0, caches: 0, workers: 0, cookies: 0 };
