// End-to-end tests against the release build in dist/ (trunk build --release
// --offline), served by the collector (`speaksafe serve`, tests/e2e/collector.mjs) with the
// production security headers. Uses Debian's Chromium: never `npx playwright install`.
import net from 'node:net';
import { defineConfig } from '@playwright/test';

// Port 4173, or any free port when 4173 is taken (another test run on the
// same machine, say). Chosen once in the runner process; the worker processes
// inherit E2E_PORT, so they all agree on it.
function listenOn(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      server.close(() => resolve(bound));
    });
  });
}
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = String((await listenOn(4173)) ?? (await listenOn(0)));
}
const PORT = Number(process.env.E2E_PORT);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.mjs',
  outputDir: 'test-results',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 1 : 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    // The real collector: it serves dist/ and the surveys (with a test key) and stores what Submit sends.
    command: `node tests/e2e/collector.mjs --port ${PORT}`,
    url: `${BASE_URL}/`,
    // Never test against some other server that happens to hold the port.
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
