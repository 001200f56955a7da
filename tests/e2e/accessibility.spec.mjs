// Accessibility of every screen of both example surveys, against the release
// build: axe-core finds no WCAG 2.1 A/AA violation (in English and in
// Arabic), nothing scrolls sideways at 320 px wide or with text at 200%, and
// every target is big enough to hit.
import {
  SURVIVOR, YOUTH, continueButton, errorSummary, expect, heading, main, matrixRow, openSurvey, question, startButton,
  submitButton, test, tick,
} from './helpers.mjs';
import { axeViolations, sidewaysOverflow, smallTargets } from './a11y.mjs';

test.describe.configure({ mode: 'parallel' });

/** Waits for the screen with this heading (and for focus to have moved to it). */
async function onScreen(page, title) {
  await expect(heading(page)).toHaveText(title);
  await expect(heading(page)).toBeFocused();
}

/** Clicks a button and waits for the next screen. */
async function go(page, button, title) {
  await button.click();
  await onScreen(page, title);
}

/**
 * Every screen of the survivor consultation, with its conditional questions
 * shown: calls `visit(name)` on each.
 */
async function everyScreenOfSurvivor(page, visit) {
  await openSurvey(page, SURVIVOR, 'Your voice on ending violence against women and girls');
  await visit('intro');

  await go(page, startButton(page), 'About you');
  await tick(page, 'Which of these best describes why you are answering?', 'I have experienced violence or abuse');
  await tick(page, 'Do you live in the city?', 'Yes'); // shows "Which area"
  await page.getByLabel('How old are you?', { exact: true }).selectOption({ label: '35 to 44' });
  await visit('About you');

  await go(page, continueButton(page), 'Finding help');
  await tick(page, 'Have you ever looked for information or help about violence or abuse, for yourself or someone else?', 'Yes'); // shows where and how easy
  await tick(page, 'Where did you look?', 'Somewhere else (please tell us where)'); // shows its text box
  await question(page, 'Where did you look?').getByLabel('Please say', { exact: true }).fill('A poster');
  await tick(page, 'How easy was it to find the information you needed?', '3');
  await visit('Finding help');

  await go(page, continueButton(page), 'Support services');
  await visit('content note: Support services');
  await go(page, continueButton(page), 'Support services');
  await tick(page, 'Have you used any of these services because of violence or abuse?', 'A helpline'); // shows how many, and the matrix
  await matrixRow(page, 'Thinking about the support you had, how often was each of these true?', 'I was treated with respect')
    .getByRole('radio', { name: 'I was treated with respect: Mostly', exact: true }).check();
  await tick(page, 'Was there a time when you needed support but could not get it?', 'Yes'); // shows what got in the way
  await tick(page, 'What got in the way?', 'Something else (please tell us)');
  await visit('Support services');

  await go(page, continueButton(page), 'Police and courts');
  await visit('content note: Police and courts');
  await go(page, continueButton(page), 'Police and courts');
  const contact = 'Have you been in contact with any of these because of violence or abuse you experienced?';
  await tick(page, contact, 'A criminal court'); // shows reasons for not going to the police
  await visit('Police and courts');
  await tick(page, contact, 'The police'); // shows "Your experience of justice"

  await go(page, continueButton(page), 'Your experience of justice');
  await visit('content note: Your experience of justice');
  await go(page, continueButton(page), 'Your experience of justice');
  await matrixRow(page, 'How much do you agree with each of these about how the police treated you?', 'They believed me')
    .getByRole('radio', { name: 'They believed me: Disagree', exact: true }).check(); // shows what would have helped
  await visit('Your experience of justice');

  await go(page, continueButton(page), 'Holding abusers to account');
  await visit('Holding abusers to account');

  await go(page, continueButton(page), 'Attitudes and safety');
  await visit('content note: Attitudes and safety');
  await go(page, continueButton(page), 'Attitudes and safety');
  await matrixRow(page, 'How safe do you feel in these places?', 'Out in my local area after dark')
    .getByRole('radio', { name: 'Out in my local area after dark: Very unsafe', exact: true }).check(); // shows what people do
  const seen = 'Before today, had you seen a campaign asking men to have a word with friends who behave in a sexist way?';
  await tick(page, seen, 'Yes, I had seen one'); // shows where (required)
  await visit('Attitudes and safety');
  // Continue without saying where: the error state.
  await continueButton(page).click();
  await expect(errorSummary(page)).toBeFocused();
  await visit('Attitudes and safety, with an error');
  await tick(page, 'Where did you see it?', 'Social media');

  await go(page, continueButton(page), 'Before you send');
  await visit('Before you send');

  await go(page, continueButton(page), 'Check your answers');
  await visit('Check your answers');

  await go(page, submitButton(page), 'Thank you');
  await visit('completion');
}

/** Every screen of the Youth Voice survey, with its conditional questions shown. */
async function everyScreenOfYouth(page, visit) {
  await openSurvey(page, YOUTH, 'Youth Voice: feeling safe');
  await visit('intro');

  await go(page, startButton(page), 'About you');
  await tick(page, 'Which of these describes you?', 'A girl');
  await visit('About you');
  const age = page.getByLabel('How old are you?', { exact: true });
  await age.fill('25');
  await continueButton(page).click();
  await expect(errorSummary(page)).toBeFocused();
  await visit('About you, with an error');
  await age.fill('13');

  await go(page, continueButton(page), 'Feeling safe');
  await matrixRow(page, 'How safe do you feel in each of these places?', 'In your area when it is dark')
    .getByRole('radio', { name: 'In your area when it is dark: Not safe at all', exact: true }).check(); // shows what makes it unsafe
  await tick(page, 'What makes you feel unsafe in your area when it is dark?', 'Something else (you can tell us what)');
  await tick(page, 'How do you usually get to school?', 'By bus'); // shows "Your journey"
  await visit('Feeling safe');

  await go(page, continueButton(page), 'Your journey');
  await visit('content note: Your journey');
  await go(page, continueButton(page), 'Your journey');
  await visit('Your journey');

  await go(page, continueButton(page), 'The police');
  await tick(page, 'Is there a police officer who works with your school?', 'Yes'); // shows how often (required)
  await tick(page, 'In the last year, has a police officer spoken to you?', 'Yes'); // shows how they treated you
  await visit('The police');
  await tick(page, 'How often do you see them at school?', 'Every week');

  await go(page, continueButton(page), 'Being online');
  await visit('content note: Being online');
  await go(page, continueButton(page), 'Being online');
  await tick(page, 'Which of these do you use?', 'Games where you can chat to other players'); // shows strangers in games
  await tick(page, 'In the last year, has any of this happened to you online?', 'Someone I did not know kept trying to talk to me'); // shows who you told
  await visit('Being online');

  await go(page, continueButton(page), 'Respect');
  await tick(page, 'If a friend said something mean about girls, would you feel OK telling them to stop?', 'No'); // shows what would make it hard
  await visit('Respect');

  await go(page, continueButton(page), 'Last questions');
  await visit('Last questions');

  await go(page, continueButton(page), 'Check your answers');
  await visit('Check your answers');

  await go(page, submitButton(page), 'Thank you');
  await visit('completion');
}

/** The Youth Voice survey in Arabic: the intro and the first two pages, with an error. */
async function screensOfYouthInArabic(page, visit) {
  await openSurvey(page, YOUTH, 'Youth Voice: feeling safe');
  await page.getByRole('button', { name: 'العربية', exact: true }).click();
  // The document's direction (an attribute of the page, not something on screen).
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(heading(page)).toHaveText('صوت الشباب: الشعور بالأمان');
  await visit('intro (ar)');

  const goOn = main(page).getByRole('button', { name: 'متابعة', exact: true });
  await go(page, main(page).getByRole('button', { name: 'ابدأ', exact: true }), 'عنك');
  await tick(page, 'أيّ من هذه يصفك؟', 'فتى');
  const age = page.getByLabel('كم عمرك؟', { exact: true });
  await age.fill('9');
  await goOn.click();
  await expect(page.getByRole('alert', { name: 'هناك مشكلة', exact: true })).toBeFocused();
  await visit('About you (ar), with an error');
  await age.fill('12');

  await go(page, goOn, 'الشعور بالأمان');
  await matrixRow(page, 'ما مدى شعورك بالأمان في كل مكان من هذه الأماكن؟', 'في منطقتك عندما يحلّ الظلام')
    .getByRole('radio', { name: 'في منطقتك عندما يحلّ الظلام: غير آمن كثيرًا', exact: true }).check();
  await tick(page, 'ما الذي يجعلك تشعر بعدم الأمان في منطقتك عندما يحلّ الظلام؟', 'شيء آخر (يمكنك أن تخبرنا ما هو)');
  await visit('Feeling safe (ar)');
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
