// The organiser's report (`speaksafe summary --html --by …`) in a real browser, opened from a
// file as an organiser opens it: every chart label inside its chart (none clipped), axe finds no
// WCAG 2.1 A/AA violation, nothing is requested but the file itself, and a screenshot is kept.
//
// The responses are real ones: 60 answers to the survivor consultation, sealed here with the
// widget's own seal module (dist/seal.wasm, which needs nothing from a browser) to a collector of
// the test's own, as Submit sends them.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, freshCollectorFolder, speaksafe, startCollector } from './collector.mjs';
import { sealer } from './seal.mjs';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SURVEY = 'survivor-consultation';

// Sealing 60 responses, the summary, and axe over a report of some 40 charts take 20 to 30 s
// when the whole suite runs on two cores: more than the default 30 s, and not a sign of a fault.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

let report;
let folder;
/** The number of responses as the text summary published it. */
let responses;

/** 60 answers, the same every run (a small linear congruential generator). */
function answers() {
  let state = 7;
  const next = (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
  const pick = (weighted) => {
    const total = weighted.reduce((sum, [, w]) => sum + w, 0);
    let r = next(total);
    for (const [value, w] of weighted) {
      if ((r -= w) < 0) return value;
    }
    return weighted[0][0];
  };
  return Array.from({ length: 60 }, () => ({
    connection: pick([['survivor', 30], ['supporter', 16], ['worker', 10], ['resident', 4]]),
    age_group: pick([['18_24', 12], ['25_34', 20], ['35_44', 16], ['45_54', 8], ['65_74', 4]]),
    lives_in_city: pick([['yes', 45], ['no', 15]]),
    heard_about: pick([['support_service', 20], ['social_media', 25], ['friend', 10], ['somewhere_else', 5]]),
    services_used: ['helpline', 'counselling', 'health', 'none'].filter(() => next(3) > 0).slice(0, 3),
    reporting_confidence: String(next(11)),
  }));
}

test.beforeAll(async () => {
  folder = freshCollectorFolder('e2e-report');
  const port = await freePort();
  const collector = await startCollector(folder, port);
  try {
    const seal = await sealer(SURVEY);
    const publicKey = fs.readFileSync(folder.pub, 'utf8').trim();
    for (const given of answers()) {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/surveys/${SURVEY}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submission_id: randomBytes(16).toString('hex'), envelope: seal(publicKey, given) }),
      });
      if (response.status !== 201) throw new Error(`submitting: ${response.status} ${await response.text()}`);
    }
  } finally {
    collector.kill('SIGTERM');
  }
  report = path.join(folder.dir, 'report.html');
  const summary = speaksafe('summary', '--db', folder.db, '--key', folder.key, '--survey', SURVEY,
    '--surveys', 'surveys', '--by', 'connection', '--by', 'lives_in_city', '--html', report);
  // The number of responses is published like every count: with the perturbation table's noise
  // (at most 3 either way for a count this size), and the summary says so in plain words.
  const [, second, rule] = summary.split('\n');
  const published = Number(second.match(/^(\d+) responses\.$/)?.[1]);
  expect(published, second).toBeGreaterThanOrEqual(57);
  expect(published, second).toBeLessThanOrEqual(63);
  expect(rule).toContain('Every count here, totals included, has had a small amount of noise added');
  expect(rule).toContain('a table may not add up exactly');
  responses = published;
});

/** Every text of every chart whose box is not inside its chart's box. */
function clippedLabels(page) {
  return page.evaluate(() => {
    const out = [];
    for (const svg of document.querySelectorAll('svg.chart')) {
      const box = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll('text')) {
        const r = text.getBoundingClientRect();
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
          out.push(`${text.textContent} (${Math.round(r.left)}..${Math.round(r.right)} in ${Math.round(box.left)}..${Math.round(box.right)})`);
        }
      }
    }
    return out;
  });
}

test('the report reads well: labels inside their charts, tables with captions, no request, axe-clean', async ({ page }, testInfo) => {
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  const address = pathToFileURL(report).href;
  await page.goto(address);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your voice on ending violence against women and girls');

  // The rule of small-number protection first, then the contents.
  await expect(page.getByRole('heading', { name: 'About these numbers' })).toBeVisible();
  await expect(page.getByText(/Counts under 10 \(zero included\)/)).toBeVisible();
  // Counts carry noise, in words, and the same people are the same count as in the text summary.
  await expect(page.getByText(/a table may not add up exactly/)).toBeVisible();
  await expect(page.getByText(`Survey ${SURVEY} · ${responses} responses.`)).toBeVisible();
  const contents = page.getByRole('navigation', { name: 'Contents' });
  await expect(contents.getByRole('link', { name: 'When the responses came in' })).toBeVisible();
  await contents.getByRole('link', { name: /Which of these best describes why you are answering\?/ }).first().click();
  await expect(page).toHaveURL(/#part-\d+$/);

  // Charts with labels that fit, at a desktop width and at a phone's.
  const charts = page.locator('svg.chart');
  expect(await charts.count()).toBeGreaterThan(10);
  expect(await page.locator('svg.chart text').count()).toBeGreaterThan(100);
  expect(await clippedLabels(page)).toEqual([]);
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await clippedLabels(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
  // A long label is wrapped, its full text in a <title>.
  expect(await page.locator('svg.chart text > title').count()).toBeGreaterThan(0);

  // Breakdowns as grouped bars with a legend; every table has a caption. The two --by questions
  // make one set of groups (each combination of their answers).
  await expect(page.getByRole('heading', { name: /^By .+ and Do you live in the city\?$/ }).first()).toBeVisible();
  await expect(page.locator('.legend').first()).toBeVisible();
  expect(await page.locator('table').count()).toBe(await page.locator('table > caption').count());
  // A question nobody answered says so in words, with no empty chart.
  await expect(page.getByText('Every count for this question is withheld').first()).toBeVisible();

  expect(requests.filter((url) => url !== address), 'nothing but the file itself').toEqual([]);

  const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);

  const shot = testInfo.outputPath('report.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('report', { path: shot, contentType: 'image/png' });
});

test('printed, the charts still fit', async ({ page }, testInfo) => {
  await page.goto(pathToFileURL(report).href);
  await page.emulateMedia({ media: 'print' });
  expect(await clippedLabels(page)).toEqual([]);
  const pdf = testInfo.outputPath('report.pdf');
  await page.pdf({ path: pdf, format: 'A4' });
  expect(fs.statSync(pdf).size).toBeGreaterThan(10_000);
  await testInfo.attach('report printed', { path: pdf, contentType: 'application/pdf' });
});
