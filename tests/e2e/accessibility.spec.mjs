// Accessibility of every screen of both example surveys, against the release
// build: axe-core finds no WCAG 2.1 A/AA violation (in English and in
// Arabic), nothing scrolls sideways at 320 px wide or with text at 200%, and
// every target is big enough to hit.
import AxeBuilder from '@axe-core/playwright';
import {
  CONTINUE, NOTE_CONTINUE, SURVIVOR, YOUTH, expect, languageButtons, openSurvey, test,
} from './helpers.mjs';

test.describe.configure({ mode: 'parallel' });

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Waits for the screen with this heading (and for focus to have moved to it). */
async function onScreen(page, heading) {
  await expect(page.locator('#ss-heading')).toHaveText(heading);
  await expect(page.locator('#ss-heading')).toBeFocused();
}

/** Clicks a button and waits for the next screen. */
async function go(page, selector, heading) {
  await page.locator(selector).click();
  await onScreen(page, heading);
}

/**
 * Every screen of the survivor consultation, with its conditional questions
 * shown: calls `visit(name)` on each.
 */
async function everyScreenOfSurvivor(page, visit) {
  await openSurvey(page, SURVIVOR, 'Your voice on ending violence against women and girls');
  await visit('intro');

  await go(page, '.ss-button--start', 'About you');
  await page.locator('#q-connection').check();
  await page.locator('#q-lives_in_city').check(); // shows "Which area"
  await page.locator('#q-age_group').selectOption('35_44');
  await visit('About you');

  await go(page, CONTINUE, 'Finding help');
  await page.locator('#q-looked_for_help').check(); // shows where and how easy
  await page.locator('#q-info_sources-other').check(); // shows its text box
  await page.locator('#q-info_sources-other-text-input').fill('A poster');
  await page.locator('#q-info_ease-3').check();
  await visit('Finding help');

  await go(page, CONTINUE, 'Support services');
  await visit('content note: Support services');
  await go(page, NOTE_CONTINUE, 'Support services');
  await page.locator('#q-services_used').check(); // shows how many, and the matrix
  await page.locator('#q-service_experience-respected-mostly').check();
  await page.locator('#q-support_gap').check(); // shows what got in the way
  await page.locator('#q-support_gap_reasons-other').check();
  await visit('Support services');

  await go(page, CONTINUE, 'Police and courts');
  await visit('content note: Police and courts');
  await go(page, NOTE_CONTINUE, 'Police and courts');
  await page.locator('#q-justice_contact-criminal_court').check(); // shows reasons for not going to the police
  await visit('Police and courts');
  await page.locator('#q-justice_contact').check(); // the police: shows "Your experience of justice"

  await go(page, CONTINUE, 'Your experience of justice');
  await visit('content note: Your experience of justice');
  await go(page, NOTE_CONTINUE, 'Your experience of justice');
  await page.locator('#q-police_treatment-believed-disagree').check(); // shows what would have helped
  await visit('Your experience of justice');

  await go(page, CONTINUE, 'Holding abusers to account');
  await visit('Holding abusers to account');

  await go(page, CONTINUE, 'Attitudes and safety');
  await visit('content note: Attitudes and safety');
  await go(page, NOTE_CONTINUE, 'Attitudes and safety');
  await page.locator('#q-safety_places-after_dark-very_unsafe').check(); // shows what people do
  await page.locator('#q-seen_campaign').check(); // shows where (required)
  await visit('Attitudes and safety');
  // Continue without saying where: the error state.
  await page.locator(CONTINUE).click();
  await expect(page.locator('#ss-error-summary')).toBeFocused();
  await visit('Attitudes and safety, with an error');
  await page.locator('#q-campaign_where').check();

  await go(page, CONTINUE, 'Before you send');
  await visit('Before you send');

  await go(page, CONTINUE, 'Check your answers');
  await visit('Check your answers');

  await go(page, 'main > .ss-button', 'Thank you');
  await visit('completion');
}

/** Every screen of the Youth Voice survey, with its conditional questions shown. */
async function everyScreenOfYouth(page, visit) {
  await openSurvey(page, YOUTH, 'Youth Voice: feeling safe');
  await visit('intro');

  await go(page, '.ss-button--start', 'About you');
  await page.locator('#q-gender').check();
  await visit('About you');
  await page.locator('#q-age').fill('25');
  await page.locator(CONTINUE).click();
  await expect(page.locator('#ss-error-summary')).toBeFocused();
  await visit('About you, with an error');
  await page.locator('#q-age').fill('13');

  await go(page, CONTINUE, 'Feeling safe');
  await page.locator('#q-feel_safe-area_dark-not_safe').check(); // shows what makes it unsafe
  await page.locator('#q-unsafe_dark-other').check();
  await page.locator('#q-travel-bus').check(); // shows "Your journey"
  await visit('Feeling safe');

  await go(page, CONTINUE, 'Your journey');
  await visit('content note: Your journey');
  await go(page, NOTE_CONTINUE, 'Your journey');
  await visit('Your journey');

  await go(page, CONTINUE, 'The police');
  await page.locator('#q-school_officer').check(); // shows how often (required)
  await page.locator('#q-police_spoke').check(); // shows how they treated you
  await visit('The police');
  await page.locator('#q-officer_often').check();

  await go(page, CONTINUE, 'Being online');
  await visit('content note: Being online');
  await go(page, NOTE_CONTINUE, 'Being online');
  await page.locator('#q-apps-games').check(); // shows strangers in games
  await page.locator('#q-online_happened-stranger').check(); // shows who you told
  await visit('Being online');

  await go(page, CONTINUE, 'Respect');
  await page.locator('#q-speak_up-no').check(); // shows what would make it hard
  await visit('Respect');

  await go(page, CONTINUE, 'Last questions');
  await visit('Last questions');

  await go(page, CONTINUE, 'Check your answers');
  await visit('Check your answers');

  await go(page, 'main > .ss-button', 'Thank you');
  await visit('completion');
}

/** The Youth Voice survey in Arabic: the intro and the first two pages, with an error. */
async function screensOfYouthInArabic(page, visit) {
  await openSurvey(page, YOUTH, 'Youth Voice: feeling safe');
  await languageButtons(page).filter({ hasText: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('#ss-heading')).toHaveText('صوت الشباب: الشعور بالأمان');
  await visit('intro (ar)');

  await go(page, '.ss-button--start', 'عنك');
  await page.locator('#q-gender-boy').check();
  await page.locator('#q-age').fill('9');
  await page.locator(CONTINUE).click();
  await expect(page.locator('#ss-error-summary')).toBeFocused();
  await visit('About you (ar), with an error');
  await page.locator('#q-age').fill('12');

  await go(page, CONTINUE, 'الشعور بالأمان');
  await page.locator('#q-feel_safe-area_dark-not_very_safe').check();
  await page.locator('#q-unsafe_dark-other').check();
  await visit('Feeling safe (ar)');
}

/** Runs axe on the screen; the violations, one line per element. */
async function axeViolations(page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`));
}

for (const [name, walk] of [
  ['the survivor consultation', everyScreenOfSurvivor],
  ['the Youth Voice survey', everyScreenOfYouth],
  ['the Youth Voice survey in Arabic', screensOfYouthInArabic],
]) {
  test(`axe finds no WCAG 2.1 AA violation on any screen of ${name}`, async ({ page }) => {
    test.setTimeout(90_000);
    const found = {};
    const visited = [];
    await walk(page, async (screen) => {
      visited.push(screen);
      const violations = await axeViolations(page);
      if (violations.length) found[screen] = violations;
    });
    expect(visited.length).toBeGreaterThan(2);
    expect(found).toEqual({});
  });
}

/**
 * Targets too small to hit, on the screen as it is laid out now. Buttons,
 * text boxes, selects and the labels of radios and checkboxes must be at
 * least 44 px tall and wide (for a radio or checkbox, its label must be 44 px
 * tall, and label and control together 44 px wide). Links must be 24 px, or
 * spaced so that a 24 px circle on each touches no other target (WCAG 2.5.8),
 * unless they sit in a line of text.
 */
function smallTargets() {
  const shown = (r) => r.width > 1 && r.height > 1;
  const name = (e) => {
    const id = e.id ? `#${e.id}` : '';
    const cls = e.classList.length ? `.${[...e.classList].join('.')}` : '';
    return `${e.tagName.toLowerCase()}${id}${cls} "${(e.textContent || '').trim().slice(0, 30)}"`;
  };
  const targets = [];
  const selector = 'button, a[href], select, textarea, input:not([type="hidden"])';
  for (const e of document.querySelectorAll(selector)) {
    if (getComputedStyle(e).visibility === 'hidden') continue;
    if (e.matches('[type="radio"], [type="checkbox"]')) {
      const label = document.querySelector(`label[for="${CSS.escape(e.id)}"]`);
      if (!label) {
        targets.push({ e, r: e.getBoundingClientRect(), kind: 'unlabelled' });
        continue;
      }
      const l = label.getBoundingClientRect();
      const c = e.getBoundingClientRect();
      const left = Math.min(l.left, c.left);
      const right = Math.max(l.right, c.right);
      const top = Math.min(l.top, c.top);
      const bottom = Math.max(l.bottom, c.bottom);
      if (!shown(l) && !shown(c)) continue;
      targets.push({ e: label, r: { left, right, top, bottom, width: right - left, height: bottom - top }, label: l, kind: 'choice' });
    } else {
      const r = e.getBoundingClientRect();
      if (!shown(r)) continue;
      targets.push({ e, r, kind: e.tagName === 'A' ? 'link' : 'control' });
    }
  }
  const problems = [];
  const size = (r) => `${Math.round(r.width * 10) / 10}x${Math.round(r.height * 10) / 10}`;
  const centre = (r) => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  const distanceToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const inText = (e) => {
    if (getComputedStyle(e).display !== 'inline') return false;
    const block = e.parentElement;
    const own = [...block.childNodes].filter((n) => n !== e && !(n.nodeType === 1 && n.matches('a, button')));
    return own.map((n) => n.textContent).join('').trim().length > 0;
  };
  for (const t of targets) {
    if (t.kind === 'choice') {
      if (t.label.height < 44) problems.push(`${name(t.e)}: its label is ${size(t.label)}, under 44 px tall`);
      if (t.r.width < 44) problems.push(`${name(t.e)}: with its control it is ${size(t.r)}, under 44 px wide`);
    } else if (t.kind === 'control' || t.kind === 'unlabelled') {
      if (t.r.height < 44 || t.r.width < 44) problems.push(`${name(t.e)} is ${size(t.r)}, under 44x44`);
    } else if (t.r.width < 24 || t.r.height < 24) {
      if (inText(t.e)) continue;
      const c = centre(t.r);
      for (const o of targets) {
        if (o === t) continue;
        const small = o.kind === 'link' && (o.r.width < 24 || o.r.height < 24);
        if (distanceToRect(c, o.r) < 12 || (small && Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < 24)) {
          problems.push(`${name(t.e)} is ${size(t.r)}, under 24x24, and within 12 px of ${name(o.e)}`);
          break;
        }
      }
    }
  }
  return problems;
}

/** How far the page scrolls sideways beyond the viewport (0 is right). */
async function sidewaysOverflow(page, width) {
  return page.evaluate((w) => document.documentElement.scrollWidth - w, width);
}

test.describe('layout on a narrow screen and with large text', () => {
  for (const [name, walk] of [
    ['the survivor consultation', everyScreenOfSurvivor],
    ['the Youth Voice survey', everyScreenOfYouth],
    ['the Youth Voice survey in Arabic', screensOfYouthInArabic],
  ]) {
    test(`no screen of ${name} scrolls sideways at 320 px or with 200% text, and every target is big enough`, async ({ page }) => {
      test.setTimeout(90_000);
      const found = {};
      const note = (screen, problem) => (found[screen] ??= []).push(problem);
      await walk(page, async (screen) => {
        for (const width of [320, 1280]) {
          await page.setViewportSize({ width, height: 720 });
          const over = await sidewaysOverflow(page, width);
          if (over > 0) note(screen, `at ${width} px the page is ${over} px too wide`);
          for (const problem of await page.evaluate(smallTargets)) note(screen, `at ${width} px: ${problem}`);
          await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
          const overLarge = await sidewaysOverflow(page, width);
          if (overLarge > 0) note(screen, `at ${width} px with 200% text the page is ${overLarge} px too wide`);
          await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
        }
      });
      expect(found).toEqual({});
    });
  }
});
