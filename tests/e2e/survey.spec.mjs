// The two example surveys in a real browser, against the release build:
// completed with the keyboard alone, conditions, validation, changing an
// answer from "Check your answers", and switching language.
import { chooseOption, chooseRadio, pressButton, tabTo, toggleCheckbox, typeInto } from './keyboard.mjs';
import {
  CONTINUE, NOTE_CONTINUE, NOTE_SKIP, SURVIVOR, YOUTH,
  changeButton, checkAnswers, continueToCheck, expectScreen, expect, languageButtons, openSurvey, test,
} from './helpers.mjs';

const SURVIVOR_TITLE = 'Your voice on ending violence against women and girls';
const YOUTH_TITLE = 'Youth Voice: feeling safe';

test.describe.configure({ mode: 'parallel' });


test('the survivor consultation can be completed with the keyboard alone', async ({ page, posted }) => {
  test.setTimeout(60_000);
  const trail = await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);

  // Intro: Tab from the top of the page to Start.
  await pressButton(page, '.ss-button--start');
  await expectScreen(page, trail, 'About you');
  await expect(page.locator('.ss-caption')).toHaveText('Page 1 of 7');

  // About you: a radio, a dropdown, yes/no revealing a short text.
  await chooseRadio(page, 'connection', 'q-connection');
  await chooseOption(page, 'q-age_group', '25_34');
  await expect(page.locator('#q-area')).toHaveCount(0);
  await chooseRadio(page, 'lives_in_city', 'q-lives_in_city');
  await expect(page.locator('#q-area')).toBeVisible();
  await expect(page.locator('#q-lives_in_city')).toBeFocused();
  await typeInto(page, 'q-area', 'E16');
  await pressButton(page, CONTINUE);
  await expectScreen(page, trail, 'Finding help');

  // Finding help: yes reveals checkboxes (with "other" and its text box) and a scale.
  await chooseRadio(page, 'looked_for_help', 'q-looked_for_help');
  await toggleCheckbox(page, 'q-info_sources-helpline');
  await toggleCheckbox(page, 'q-info_sources-friends_family');
  await toggleCheckbox(page, 'q-info_sources-other');
  await typeInto(page, 'q-info_sources-other-text-input', 'A library leaflet');
  await chooseRadio(page, 'info_ease', 'q-info_ease-4');
  await chooseOption(page, 'q-info_language', 'pl');
  await pressButton(page, CONTINUE);

  // A content note: go on to its page.
  await expectScreen(page, trail, 'Support services');
  await expect(page.locator('.ss-content-note')).toContainText('It does not ask you to describe what happened');
  await pressButton(page, NOTE_CONTINUE);
  await expectScreen(page, trail, 'Support services');
  await expect(page.locator('form')).toBeVisible();

  // Support services: checkboxes reveal a number and a matrix; a long text.
  await toggleCheckbox(page, 'q-services_used');
  await toggleCheckbox(page, 'q-services_used-counselling');
  await typeInto(page, 'q-services_count', '3');
  await chooseRadio(page, 'service_experience.believed', 'q-service_experience');
  await chooseRadio(page, 'service_experience.respected', 'q-service_experience-respected-mostly');
  await chooseRadio(page, 'service_experience.felt_safe', 'q-service_experience-felt_safe-sometimes');
  await chooseRadio(page, 'support_gap', 'q-support_gap-not_sure');
  await typeInto(page, 'q-support_better', 'Someone who called back.');
  await pressButton(page, CONTINUE);

  // The next content note: skip its page.
  await expectScreen(page, trail, 'Police and courts');
  await pressButton(page, NOTE_SKIP);

  // "Your experience of justice" is not shown (nothing said about the police or courts).
  await expectScreen(page, trail, 'Holding abusers to account');
  await toggleCheckbox(page, 'q-stop_reoffending-orders_enforced');
  await chooseRadio(page, 'early_intervention', 'q-early_intervention-agree');
  await pressButton(page, CONTINUE);

  await expectScreen(page, trail, 'Attitudes and safety');
  await pressButton(page, NOTE_CONTINUE);
  await expectScreen(page, trail, 'Attitudes and safety');
  await chooseRadio(page, 'safety_places.after_dark', 'q-safety_places-after_dark-fairly_safe');
  await chooseRadio(page, 'seen_campaign', 'q-seen_campaign-no');
  await pressButton(page, CONTINUE);

  await expectScreen(page, trail, 'Before you send');
  await typeInto(page, 'q-anything_else', 'Thank you for asking.');
  await chooseRadio(page, 'survey_ease', 'q-survey_ease-5');
  await pressButton(page, CONTINUE);

  await expectScreen(page, trail, 'Check your answers');
  const answers = await checkAnswers(page);
  expect(answers['Which of these best describes why you are answering?']).toEqual(['I have experienced violence or abuse']);
  expect(answers['How old are you?']).toEqual(['25 to 34']);
  expect(answers['Do you live in the city?']).toEqual(['Yes']);
  expect(answers['Which area do you live in? (for example, E16)']).toEqual(['E16']);
  expect(answers['How did you hear about this consultation?']).toEqual(['Not answered']);
  expect(answers['Where did you look?']).toEqual([
    'A helpline', 'Friends or family', 'Somewhere else (please tell us where)', 'Please say: A library leaflet',
  ]);
  expect(answers['How easy was it to find the information you needed?']).toEqual(['4']);
  expect(answers['In which language would you most like to get information about support?']).toEqual(['Polish']);
  expect(answers['About how many different services did you contact before you got the support you needed?']).toEqual(['3']);
  expect(answers['Thinking about the support you had, how often was each of these true?']).toEqual([
    'I was believed: Always', 'I was treated with respect: Mostly', 'I felt safe using the service: Sometimes',
  ]);
  expect(answers['Was there a time when you needed support but could not get it?']).toEqual(['I am not sure']);
  expect(answers['How safe do you feel in these places?']).toEqual(['Out in my local area after dark: Fairly safe']);
  expect(answers['Before today, had you seen a campaign asking men to have a word with friends who behave in a sexist way?'])
    .toEqual(['No, or I am not sure']);
  expect(answers['Is there anything else you would like the city to know?']).toEqual(['Thank you for asking.']);
  // The skipped page's questions are there, not answered; the hidden page's are not listed.
  expect(answers['If something happened today, how confident would you feel about telling the police?']).toEqual(['Not answered']);
  expect(answers).not.toHaveProperty(['Did someone support you through the process, such as an independent adviser or a support worker?']);

  await pressButton(page, 'main > .ss-button');
  await expectScreen(page, trail, 'Thank you');
  await expect(page.locator('main')).toContainText('Your answers have been sent safely.');
  // What was sent is sealed: one envelope, none of the answers readable in it.
  expect(posted).toHaveLength(1);
  expect(posted[0].url).toMatch(/\/api\/v1\/surveys\/survivor-consultation\/responses$/);
  const sent = JSON.parse(posted[0].body);
  expect(Object.keys(sent).sort()).toEqual(['envelope', 'submission_id']);
  for (const plain of ['A library leaflet', 'E16', 'Someone who called back', 'survivor', 'counselling']) {
    expect(posted[0].body).not.toContain(plain);
  }
  const help = page.locator('aside.ss-support');
  await expect(help).toHaveCount(1);
  await expect(help).toBeVisible();
  await expect(help.locator('li')).toHaveText([
    /^City Domestic Abuse Helpline \(example\).*0800 000 0000.*24 hours a day/,
    /^Rape and Sexual Abuse Support Line \(example\).*0808 000 1111/,
    /^Silent text support \(example\).*Text 60000/,
  ]);
  await expect(help.locator('a[href="tel:08000000000"]')).toBeVisible();
  await expect(help.locator('a[href="https://helpline.example.org"]')).toHaveAttribute('target', '_blank');
  await expect(page.locator('.ss-back')).toHaveCount(0);
});

test('the Youth Voice survey can be completed with the keyboard alone', async ({ page, posted }) => {
  test.setTimeout(60_000);
  const trail = await openSurvey(page, YOUTH, YOUTH_TITLE);

  await pressButton(page, '.ss-button--start');
  await expectScreen(page, trail, 'About you');
  await typeInto(page, 'q-age', '13');
  await chooseOption(page, 'q-year_group', 'year8');
  await chooseRadio(page, 'gender', 'q-gender-another_way');
  await typeInto(page, 'q-area', 'N1');
  await pressButton(page, CONTINUE);

  await expectScreen(page, trail, 'Feeling safe');
  await chooseRadio(page, 'feel_safe.school', 'q-feel_safe-school-quite_safe');
  await expect(page.locator('#q-unsafe_dark')).toHaveCount(0);
  await chooseRadio(page, 'feel_safe.area_dark', 'q-feel_safe-area_dark-not_safe');
  await expect(page.locator('#q-unsafe_dark')).toBeVisible();
  // Showing the question after it leaves focus where it was.
  await expect(page.locator('#q-feel_safe-area_dark-not_safe')).toBeFocused();
  await toggleCheckbox(page, 'q-unsafe_dark');
  await toggleCheckbox(page, 'q-unsafe_dark-alone');
  await chooseRadio(page, 'safe_overall', 'q-safe_overall-3');
  await chooseRadio(page, 'travel', 'q-travel-bus');
  await pressButton(page, CONTINUE);

  // Going by bus shows "Your journey", after its content note.
  await expectScreen(page, trail, 'Your journey');
  await expect(page.locator('.ss-caption').first()).toHaveText('Before you go on');
  await pressButton(page, NOTE_CONTINUE);
  await expectScreen(page, trail, 'Your journey');
  await toggleCheckbox(page, 'q-journey_happened');
  // An exclusive option clears the others.
  await toggleCheckbox(page, 'q-journey_happened-none');
  await expect(page.locator('#q-journey_happened')).not.toBeChecked();
  await expect(page.locator('#q-journey_happened-none')).toBeChecked();
  await toggleCheckbox(page, 'q-journey_safer-with_friends');
  await pressButton(page, CONTINUE);

  await expectScreen(page, trail, 'The police');
  await chooseRadio(page, 'police_opinion', 'q-police_opinion-bad');
  // "Clear this answer" by keyboard: the answer goes, and focus stays in the group.
  await pressButton(page, '.ss-clear');
  await expect(page.locator('input[name="police_opinion"]:checked')).toHaveCount(0);
  await expect(page.locator('#q-police_opinion')).toBeFocused();
  await chooseRadio(page, 'police_opinion', 'q-police_opinion-ok');
  await chooseRadio(page, 'police_trust.fair', 'q-police_trust-fair-not_sure');
  await chooseRadio(page, 'school_officer', 'q-school_officer');
  await chooseRadio(page, 'officer_often', 'q-officer_often-every_month');
  await typeInto(page, 'q-police_better', 'Talk to us like people.');
  await pressButton(page, CONTINUE);

  // "Being online" has a content note: skip it.
  await expectScreen(page, trail, 'Being online');
  await pressButton(page, NOTE_SKIP);

  await expectScreen(page, trail, 'Respect');
  await chooseRadio(page, 'respect_school', 'q-respect_school-not_sure');
  await chooseRadio(page, 'speak_up', 'q-speak_up-no');
  await toggleCheckbox(page, 'q-speak_up_hard-what_to_say');
  await typeInto(page, 'q-respect_idea', 'Assemblies');
  // Shift+Tab back up the page to Back (Shift with Tab is not the quick exit's
  // three presses of Shift), and return to the page: nothing is lost.
  await pressButton(page, '.ss-back', { back: true });
  await expectScreen(page, trail, 'Being online');
  await pressButton(page, NOTE_SKIP);
  await expectScreen(page, trail, 'Respect');
  await expect(page.locator('#q-respect_idea')).toHaveValue('Assemblies');
  await expect(page.locator('#q-speak_up_hard-what_to_say')).toBeChecked();
  await pressButton(page, CONTINUE);

  await expectScreen(page, trail, 'Last questions');
  await chooseRadio(page, 'trusted_adult', 'q-trusted_adult');
  await chooseRadio(page, 'survey_easy', 'q-survey_easy-4');
  await pressButton(page, CONTINUE);

  await expectScreen(page, trail, 'Check your answers');
  const answers = await checkAnswers(page);
  expect(answers['How old are you?']).toEqual(['13']);
  expect(answers['What year are you in at school?']).toEqual(['Year 8']);
  expect(answers['Which of these describes you?']).toEqual(['I describe myself in another way']);
  expect(answers['Which area do you live in? (for example, E16)']).toEqual(['N1']);
  expect(answers['How safe do you feel in each of these places?']).toEqual(['At school: Quite safe', 'In your area when it is dark: Not safe at all']);
  expect(answers['What makes you feel unsafe in your area when it is dark?']).toEqual(['Streets or parks with no lights', 'Being on my own']);
  expect(answers['Overall, how safe do you feel where you live?']).toEqual(['3']);
  expect(answers['How do you usually get to school?']).toEqual(['By bus']);
  expect(answers['In the last year, on your way to or from school, has any of this happened to you?']).toEqual(['None of these']);
  expect(answers['How much do you agree with each of these?']).toEqual(['The police treat young people fairly: Not sure']);
  expect(answers['How often do you see them at school?']).toEqual(['About once a month']);
  expect(answers['What could the police do so that young people trust them more?']).toEqual(['Talk to us like people.']);
  expect(answers['What would make it hard to tell them to stop?']).toEqual(['I would not know what to say']);
  expect(answers['Is there an adult you could talk to if something worried you?']).toEqual(['Yes']);
  expect(answers['Is there anything else you want to tell us?']).toEqual(['Not answered']);
  // The skipped page's questions are there, not answered; hidden questions are not.
  expect(answers['Which of these do you use?']).toEqual(['Not answered']);
  expect(answers).not.toHaveProperty(['When you play games, do people you do not know in real life talk to you?']);
  expect(answers).not.toHaveProperty(['Did you tell anyone, or report it?']);

  await pressButton(page, 'main > .ss-button');
  await expectScreen(page, trail, 'Thank you');
  await expect(page.locator('main')).toContainText('Thank you for taking part. Your answers have been sent.');
  expect(posted.map((p) => new URL(p.url).pathname)).toEqual(['/api/v1/surveys/youth-voice/responses']);
  expect(posted[0].body).not.toContain('Talk to us like people.');
  await expect(page.locator('aside.ss-support')).toBeVisible();
  await expect(page.locator('aside.ss-support li')).toHaveCount(3);
  await expect(page.locator('aside.ss-support')).toContainText("Young People's Helpline (example)");
});

test('a condition shows a question, and hides it and its answer again', async ({ page }) => {
  const trail = await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
  await page.locator('.ss-button--start').click();
  await expectScreen(page, trail, 'About you');

  // "Which area do you live in?" is shown only to people who live in the city.
  const area = page.locator('#q-area');
  await expect(area).toHaveCount(0);
  await page.locator('#q-lives_in_city').check();
  await expect(area).toBeVisible();
  await expect(page.locator('label[for="q-area"]')).toHaveText('Which area do you live in? (for example, E16)');
  await area.fill('SW1A');
  await page.locator('#q-lives_in_city-no').check();
  await expect(area).toHaveCount(0);

  await continueToCheck(page);
  await expectScreen(page, trail, 'Check your answers');
  const answers = await checkAnswers(page);
  expect(answers['Do you live in the city?']).toEqual(['No']);
  expect(answers).not.toHaveProperty(['Which area do you live in? (for example, E16)']);
  await expect(page.locator('main')).not.toContainText('SW1A');

  // Shown again (from Check your answers), it still holds what was typed.
  await changeButton(page, 'Do you live in the city?').click();
  await expectScreen(page, trail, 'About you');
  await page.locator('#q-lives_in_city').check();
  await expect(area).toHaveValue('SW1A');
  await page.locator(CONTINUE).click();
  await expectScreen(page, trail, 'Check your answers');
  expect((await checkAnswers(page))['Which area do you live in? (for example, E16)']).toEqual(['SW1A']);
});

test('a validation error is summarised, linked to its field, and cleared when fixed', async ({ page }) => {
  const trail = await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
  await page.locator('.ss-button--start').click();
  await expectScreen(page, trail, 'About you');
  await page.locator('#q-lives_in_city').check();
  await page.locator('#q-area').fill('ZZZ');
  await page.locator(CONTINUE).click();

  // Still on the page, with the summary at the top, focused.
  const message = 'Please type only the first half of a postcode, like E16 or SW1A, or leave this blank.';
  const summary = page.locator('#ss-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary).toHaveAttribute('role', 'alert');
  await expect(summary.locator('h2')).toHaveText('There is a problem');
  await expect(page.locator('#ss-heading')).toHaveText('About you');
  const link = summary.locator('a');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveText(message);
  await expect(link).toHaveAttribute('href', '#q-area');

  // The message beside the field, which refers to it.
  const error = page.locator('#q-area-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveText(`Error: ${message}`);
  await expect(page.locator('#q-area')).toHaveAttribute('aria-describedby', /(^| )q-area-error( |$)/);
  const group = page.locator('.ss-form-group--error');
  await expect(group).toHaveCount(1);
  await expect(group.locator('#q-area')).toHaveCount(1);
  await expect(group.locator('#q-area-error')).toHaveCount(1);

  // The link moves focus to the field, without changing the address.
  await link.click();
  await expect(page.locator('#q-area')).toBeFocused();
  expect(page.url()).toBe(trail.url);
  expect(await page.evaluate(() => history.length)).toBe(trail.history);

  // Fixing the answer takes the message away and lets Continue go on.
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('E16');
  await expect(summary).toHaveCount(0);
  await expect(error).toHaveCount(0);
  await page.locator(CONTINUE).click();
  await expectScreen(page, trail, 'Finding help');
});

test('a number out of range is refused, and the error summary works by keyboard', async ({ page }) => {
  const trail = await openSurvey(page, YOUTH, YOUTH_TITLE);
  await pressButton(page, '.ss-button--start');
  await expectScreen(page, trail, 'About you');
  await typeInto(page, 'q-age', '25');
  await pressButton(page, CONTINUE);

  const summary = page.locator('#ss-error-summary');
  await expect(summary).toBeFocused();
  const link = summary.locator('a[href="#q-age"]');
  const message = await link.textContent();
  expect(message).toMatch(/11.*16/);
  await expect(page.locator('#q-age-error')).toHaveText(`Error: ${message}`);
  // Tab from the summary reaches its link; Enter on it focuses the field.
  await tabTo(page, 'a[href="#q-age"]', { max: 3 });
  await page.keyboard.press('Enter');
  await expect(page.locator('#q-age')).toBeFocused();
  expect(page.url()).toBe(trail.url);
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('14');
  await expect(summary).toHaveCount(0);
  await pressButton(page, CONTINUE);
  await expectScreen(page, trail, 'Feeling safe');
});

test('an answer changed from Check your answers comes back changed', async ({ page }) => {
  const trail = await openSurvey(page, YOUTH, YOUTH_TITLE);
  await page.locator('.ss-button--start').click();
  await expectScreen(page, trail, 'About you');
  await page.locator('#q-gender').check();
  await page.locator('#q-year_group').selectOption('year9');
  await page.locator(CONTINUE).click();
  await expectScreen(page, trail, 'Feeling safe');
  await page.locator('#q-travel').check();
  await continueToCheck(page);
  await expectScreen(page, trail, 'Check your answers');
  let answers = await checkAnswers(page);
  expect(answers['Which of these describes you?']).toEqual(['A girl']);
  expect(answers['How do you usually get to school?']).toEqual(['I walk']);

  // Change -> that question's page -> change it -> Continue -> back on Check your answers.
  await changeButton(page, 'Which of these describes you?').click();
  await expectScreen(page, trail, 'About you');
  await expect(page.locator('#q-gender')).toBeChecked();
  await page.locator('#q-gender-prefer_not_to_say').check();
  await page.locator(CONTINUE).click();
  await expectScreen(page, trail, 'Check your answers');
  answers = await checkAnswers(page);
  expect(answers['Which of these describes you?']).toEqual(['I would rather not say']);
  expect(answers['What year are you in at school?']).toEqual(['Year 9']);

  // A change that hides a page: by car, "Your journey" is not asked.
  expect(answers).toHaveProperty(['What would make your journey to school feel safer?']);
  await changeButton(page, 'How do you usually get to school?').click();
  await expectScreen(page, trail, 'Feeling safe');
  await page.locator('#q-travel-car').check();
  await page.locator(CONTINUE).click();
  await expectScreen(page, trail, 'Check your answers');
  answers = await checkAnswers(page);
  expect(answers['How do you usually get to school?']).toEqual(['By car']);
  expect(answers).not.toHaveProperty(['What would make your journey to school feel safer?']);
});

test('the Youth Voice survey switches to Arabic, right to left, keeping the answers, and back', async ({ page }) => {
  const trail = await openSurvey(page, YOUTH, YOUTH_TITLE);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(html).toHaveAttribute('dir', 'ltr');
  const languages = languageButtons(page);
  await expect(languages).toHaveText(['English', 'العربية']);
  await expect(languages.first()).toHaveAttribute('aria-current', 'true');

  await page.locator('.ss-button--start').click();
  await expectScreen(page, trail, 'About you');
  await page.locator('#q-age').fill('12');
  await page.locator('#q-gender-boy').check();
  await page.locator('#q-year_group').selectOption('year7');

  await languages.filter({ hasText: 'العربية' }).click();
  await expect(html).toHaveAttribute('lang', 'ar');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('nav:has(button[lang])')).toHaveAttribute('aria-label', 'اللغة');
  await expect(languages.last()).toHaveAttribute('aria-current', 'true');
  expect(await page.title()).toBe('استبيان');
  // Same screen (no focus move, no history), now in Arabic.
  await expectScreen(page, trail, 'عنك', { focused: false });
  await expect(page.locator('.ss-back')).toHaveText('رجوع');
  await expect(page.locator(CONTINUE)).toHaveText('متابعة');
  await expect(page.locator('#ss-exit')).toContainText('غادر هذا الموقع');
  await expect(page.locator('label[for="q-age"]')).toHaveText('كم عمرك؟');
  await expect(page.locator('label[for="q-gender-boy"]')).toHaveText('فتى');
  await expect(page.locator('#q-year_group option:checked')).toHaveText('الصف السابع (Year 7)');
  await expect(page.locator('aside.ss-support h2')).toHaveText('المساعدة والدعم');
  // The answers are kept.
  await expect(page.locator('#q-age')).toHaveValue('12');
  await expect(page.locator('#q-gender-boy')).toBeChecked();
  await expect(page.locator('#q-year_group')).toHaveValue('year7');

  // Laid out right to left: text runs rtl, each radio is to the right of its label.
  for (const selector of ['main', 'label[for="q-gender-boy"]', '#q-age', 'aside.ss-support']) {
    expect(await page.locator(selector).evaluate((e) => getComputedStyle(e).direction), selector).toBe('rtl');
  }
  const radio = await page.locator('#q-gender-boy').boundingBox();
  const label = await page.locator('label[for="q-gender-boy"]').boundingBox();
  expect(radio.x + radio.width / 2).toBeGreaterThan(label.x + label.width / 2);
  expect(radio.x + radio.width).toBeGreaterThan(label.x + label.width - 1);
  const heading = await page.locator('#ss-heading').boundingBox();
  const main = await page.locator('main').boundingBox();
  // The heading starts at the right edge of the content.
  expect(main.x + main.width - (heading.x + heading.width)).toBeLessThan(40);

  // Errors come in Arabic too.
  await page.locator('#q-age').fill('9');
  await page.locator(CONTINUE).click();
  await expect(page.locator('#ss-error-summary h2')).toHaveText('هناك مشكلة');
  await page.locator('#q-age').fill('12');

  // On in Arabic, then back to English on the next page.
  await page.locator(CONTINUE).click();
  await expectScreen(page, trail, 'الشعور بالأمان');
  await expect(page.locator('.ss-caption')).toHaveText(/^الصفحة 2 من \d+$/);
  await languages.filter({ hasText: 'English' }).click();
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(html).toHaveAttribute('dir', 'ltr');
  await expectScreen(page, trail, 'Feeling safe', { focused: false });
  expect(await page.locator('main').evaluate((e) => getComputedStyle(e).direction)).toBe('ltr');
  const radioEn = await page.locator('#q-travel').boundingBox();
  const labelEn = await page.locator('label[for="q-travel"]').boundingBox();
  expect(radioEn.x + radioEn.width / 2).toBeLessThan(labelEn.x + labelEn.width / 2);

  // Back: the answers given in the other language are still there.
  await page.locator('.ss-back').click();
  await expectScreen(page, trail, 'About you');
  await expect(page.locator('#q-age')).toHaveValue('12');
  await expect(page.locator('#q-gender-boy')).toBeChecked();
  await expect(page.locator('#q-year_group option:checked')).toHaveText('Year 7');
});
