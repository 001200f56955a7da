// The two example surveys in a real browser, against the release build:
// completed with the keyboard alone, conditions, validation, changing an
// answer from "Check your answers", and switching language.
import { chooseOption, chooseRadio, pressButton, tabTo, toggleCheckbox, typeInto } from './keyboard.mjs';
import {
  SURVIVOR, YOUTH,
  backButton, changeButton, checkAnswers, continueButton, continueToCheck, errorSummary, expectProgress,
  expectScreen, expect, heading, helpBox, languageButtons, main, matrixRow, openSurvey, question, skipPageButton,
  startButton, submitButton, test,
} from './helpers.mjs';

const SURVIVOR_TITLE = 'Your voice on ending violence against women and girls';
const YOUTH_TITLE = 'Youth Voice: feeling safe';
const AREA = 'Which area do you live in? (for example, E16)';

test.describe.configure({ mode: 'parallel' });


test('the survivor consultation can be completed with the keyboard alone', async ({ page, posted }) => {
  test.setTimeout(60_000);
  const trail = await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);

  // Intro: Tab from the top of the page to Start.
  await pressButton(page, startButton(page));
  await expectScreen(page, trail, 'About you');
  await expectProgress(page, 'Page 1 of 7');

  // About you: a radio, a dropdown, yes/no revealing a short text.
  await chooseRadio(page, question(page, 'Which of these best describes why you are answering?'), 'I have experienced violence or abuse');
  await chooseOption(page, page.getByLabel('How old are you?', { exact: true }), '25 to 34');
  const area = page.getByLabel(AREA, { exact: true });
  await expect(area).toHaveCount(0);
  const livesInCity = question(page, 'Do you live in the city?');
  await chooseRadio(page, livesInCity, 'Yes');
  await expect(area).toBeVisible();
  await expect(livesInCity.getByRole('radio', { name: 'Yes', exact: true })).toBeFocused();
  await typeInto(page, area, 'E16');
  await pressButton(page, continueButton(page));
  await expectScreen(page, trail, 'Finding help');

  // Finding help: yes reveals checkboxes (with "other" and its text box) and a scale.
  await chooseRadio(page, question(page, 'Have you ever looked for information or help about violence or abuse, for yourself or someone else?'), 'Yes');
  const sources = question(page, 'Where did you look?');
  await toggleCheckbox(page, sources.getByRole('checkbox', { name: 'A helpline', exact: true }));
  await toggleCheckbox(page, sources.getByRole('checkbox', { name: 'Friends or family', exact: true }));
  await toggleCheckbox(page, sources.getByRole('checkbox', { name: 'Somewhere else (please tell us where)', exact: true }));
  await typeInto(page, sources.getByLabel('Please say', { exact: true }), 'A library leaflet');
  await chooseRadio(page, question(page, 'How easy was it to find the information you needed?'), '4');
  await chooseOption(page, page.getByLabel('In which language would you most like to get information about support?', { exact: true }), 'Polish');
  await pressButton(page, continueButton(page));

  // A content note: go on to its page.
  await expectScreen(page, trail, 'Support services');
  await expect(skipPageButton(page)).toBeVisible();
  await expect(main(page).getByText('It does not ask you to describe what happened')).toBeVisible();
  await pressButton(page, continueButton(page));
  await expectScreen(page, trail, 'Support services');
  // The questions now, not the note.
  const servicesUsed = question(page, 'Have you used any of these services because of violence or abuse?');
  await expect(servicesUsed).toBeVisible();
  await expect(skipPageButton(page)).toHaveCount(0);

  // Support services: checkboxes reveal a number and a matrix; a long text.
  await toggleCheckbox(page, servicesUsed.getByRole('checkbox', { name: 'A helpline', exact: true }));
  await toggleCheckbox(page, servicesUsed.getByRole('checkbox', { name: 'Counselling or therapy', exact: true }));
  await typeInto(page, page.getByLabel('About how many different services did you contact before you got the support you needed?', { exact: true }), '3');
  const experience = 'Thinking about the support you had, how often was each of these true?';
  await chooseRadio(page, matrixRow(page, experience, 'I was believed'), 'I was believed: Always');
  await chooseRadio(page, matrixRow(page, experience, 'I was treated with respect'), 'I was treated with respect: Mostly');
  await chooseRadio(page, matrixRow(page, experience, 'I felt safe using the service'), 'I felt safe using the service: Sometimes');
  await chooseRadio(page, question(page, 'Was there a time when you needed support but could not get it?'), 'I am not sure');
  await typeInto(page, page.getByLabel('What would have made support better for you?', { exact: true }), 'Someone who called back.');
  await pressButton(page, continueButton(page));

  // The next content note: skip its page.
  await expectScreen(page, trail, 'Police and courts');
  await pressButton(page, skipPageButton(page));

  // "Your experience of justice" is not shown (nothing said about the police or courts).
  await expectScreen(page, trail, 'Holding abusers to account');
  await toggleCheckbox(page, question(page, 'What do you think would do most to stop people who abuse from doing it again?')
    .getByRole('checkbox', { name: 'Protection orders that are acted on quickly when broken', exact: true }));
  await chooseRadio(page, question(page, 'How much do you agree? "Work with people who show harmful attitudes or behaviour early, before abuse gets worse, is worth paying for."'), 'Agree');
  await pressButton(page, continueButton(page));

  await expectScreen(page, trail, 'Attitudes and safety');
  await pressButton(page, continueButton(page));
  await expectScreen(page, trail, 'Attitudes and safety');
  await chooseRadio(page, matrixRow(page, 'How safe do you feel in these places?', 'Out in my local area after dark'), 'Out in my local area after dark: Fairly safe');
  await chooseRadio(page, question(page, 'Before today, had you seen a campaign asking men to have a word with friends who behave in a sexist way?'), 'No, or I am not sure');
  await pressButton(page, continueButton(page));

  await expectScreen(page, trail, 'Before you send');
  await typeInto(page, page.getByLabel('Is there anything else you would like the city to know?', { exact: true }), 'Thank you for asking.');
  await chooseRadio(page, question(page, 'How easy was it to answer this survey?'), '5 – Very easy');
  await pressButton(page, continueButton(page));

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

  await pressButton(page, submitButton(page));
  await expectScreen(page, trail, 'Thank you');
  await expect(main(page)).toContainText('Your answers have been sent safely.');
  // What was sent is sealed: one envelope, none of the answers readable in it.
  expect(posted).toHaveLength(1);
  expect(posted[0].url).toMatch(/\/api\/v1\/surveys\/survivor-consultation\/responses$/);
  const sent = JSON.parse(posted[0].body);
  expect(Object.keys(sent).sort()).toEqual(['envelope', 'submission_id']);
  for (const plain of ['A library leaflet', 'E16', 'Someone who called back', 'survivor', 'counselling']) {
    expect(posted[0].body).not.toContain(plain);
  }
  const help = helpBox(page);
  await expect(help).toHaveCount(1);
  await expect(help).toBeVisible();
  await expect(help.getByRole('listitem')).toHaveText([
    /^City Domestic Abuse Helpline \(example\).*0800 000 0000.*24 hours a day/,
    /^Rape and Sexual Abuse Support Line \(example\).*0808 000 1111/,
    /^Silent text support \(example\).*Text 60000/,
  ]);
  // The number is a link a phone can call, named for the line it calls.
  const call = help.getByRole('link', { name: 'Call City Domestic Abuse Helpline (example): 0800 000 0000', exact: true });
  await expect(call).toBeVisible();
  await expect(call).toHaveAttribute('href', 'tel:08000000000');
  const site = help.getByRole('link', { name: 'City Domestic Abuse Helpline (example)', exact: true });
  await expect(site).toHaveAttribute('href', 'https://helpline.example.org');
  await expect(site).toHaveAttribute('target', '_blank');
  await expect(backButton(page)).toHaveCount(0);
});

test('the Youth Voice survey can be completed with the keyboard alone', async ({ page, posted }) => {
  test.setTimeout(60_000);
  const trail = await openSurvey(page, YOUTH, YOUTH_TITLE);

  await pressButton(page, startButton(page));
  await expectScreen(page, trail, 'About you');
  await typeInto(page, page.getByLabel('How old are you?', { exact: true }), '13');
  await chooseOption(page, page.getByLabel('What year are you in at school?', { exact: true }), 'Year 8');
  await chooseRadio(page, question(page, 'Which of these describes you?'), 'I describe myself in another way');
  await typeInto(page, page.getByLabel(AREA, { exact: true }), 'N1');
  await pressButton(page, continueButton(page));

  await expectScreen(page, trail, 'Feeling safe');
  const feelSafe = 'How safe do you feel in each of these places?';
  await chooseRadio(page, matrixRow(page, feelSafe, 'At school'), 'At school: Quite safe');
  const unsafeDark = question(page, 'What makes you feel unsafe in your area when it is dark?');
  await expect(unsafeDark).toHaveCount(0);
  const dark = matrixRow(page, feelSafe, 'In your area when it is dark');
  await chooseRadio(page, dark, 'In your area when it is dark: Not safe at all');
  await expect(unsafeDark).toBeVisible();
  // Showing the question after it leaves focus where it was.
  await expect(dark.getByRole('radio', { name: 'In your area when it is dark: Not safe at all', exact: true })).toBeFocused();
  await toggleCheckbox(page, unsafeDark.getByRole('checkbox', { name: 'Streets or parks with no lights', exact: true }));
  await toggleCheckbox(page, unsafeDark.getByRole('checkbox', { name: 'Being on my own', exact: true }));
  await chooseRadio(page, question(page, 'Overall, how safe do you feel where you live?'), '3');
  await chooseRadio(page, question(page, 'How do you usually get to school?'), 'By bus');
  await pressButton(page, continueButton(page));

  // Going by bus shows "Your journey", after its content note.
  await expectScreen(page, trail, 'Your journey');
  await expect(main(page).getByText('Before you go on', { exact: true })).toBeVisible();
  await pressButton(page, continueButton(page));
  await expectScreen(page, trail, 'Your journey');
  const happened = question(page, 'In the last year, on your way to or from school, has any of this happened to you?');
  const stared = happened.getByRole('checkbox', { name: 'Someone stared at me and it made me uncomfortable', exact: true });
  const noneOfThese = happened.getByRole('checkbox', { name: 'None of these', exact: true });
  await toggleCheckbox(page, stared);
  // An exclusive option clears the others.
  await toggleCheckbox(page, noneOfThese);
  await expect(stared).not.toBeChecked();
  await expect(noneOfThese).toBeChecked();
  await toggleCheckbox(page, question(page, 'What would make your journey to school feel safer?')
    .getByRole('checkbox', { name: 'Travelling with friends', exact: true }));
  await pressButton(page, continueButton(page));

  await expectScreen(page, trail, 'The police');
  const opinion = question(page, 'Overall, what do you think of the police in your area?');
  await chooseRadio(page, opinion, 'Bad');
  // "Clear this answer" by keyboard: the answer goes, and focus stays in the group.
  await pressButton(page, opinion.getByRole('button', { name: 'Clear this answer', exact: true }));
  await expect(opinion.getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(opinion.getByRole('radio', { name: 'Very good', exact: true })).toBeFocused();
  await chooseRadio(page, opinion, 'OK');
  await chooseRadio(page, matrixRow(page, 'How much do you agree with each of these?', 'The police treat young people fairly'),
    'The police treat young people fairly: Not sure');
  await chooseRadio(page, question(page, 'Is there a police officer who works with your school?'), 'Yes');
  await chooseRadio(page, question(page, 'How often do you see them at school?'), 'About once a month');
  await typeInto(page, page.getByLabel('What could the police do so that young people trust them more?', { exact: true }), 'Talk to us like people.');
  await pressButton(page, continueButton(page));

  // "Being online" has a content note: skip it.
  await expectScreen(page, trail, 'Being online');
  await pressButton(page, skipPageButton(page));

  await expectScreen(page, trail, 'Respect');
  await chooseRadio(page, question(page, 'Do you agree? "At my school, boys and girls treat each other with respect."'), 'Not sure');
  await chooseRadio(page, question(page, 'If a friend said something mean about girls, would you feel OK telling them to stop?'), 'No');
  const whatToSay = question(page, 'What would make it hard to tell them to stop?')
    .getByRole('checkbox', { name: 'I would not know what to say', exact: true });
  await toggleCheckbox(page, whatToSay);
  const idea = page.getByLabel('What is one thing your school could do to help?', { exact: true });
  await typeInto(page, idea, 'Assemblies');
  // Shift+Tab back up the page to Back (Shift with Tab is not the quick exit's
  // three presses of Shift), and return to the page: nothing is lost.
  await pressButton(page, backButton(page), { back: true });
  await expectScreen(page, trail, 'Being online');
  await pressButton(page, skipPageButton(page));
  await expectScreen(page, trail, 'Respect');
  await expect(idea).toHaveValue('Assemblies');
  await expect(whatToSay).toBeChecked();
  await pressButton(page, continueButton(page));

  await expectScreen(page, trail, 'Last questions');
  await chooseRadio(page, question(page, 'Is there an adult you could talk to if something worried you?'), 'Yes');
  await chooseRadio(page, question(page, 'How easy was this survey to understand?'), '4');
  await pressButton(page, continueButton(page));

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

  await pressButton(page, submitButton(page));
  await expectScreen(page, trail, 'Thank you');
  await expect(main(page)).toContainText('Thank you for taking part. Your answers have been sent.');
  expect(posted.map((p) => new URL(p.url).pathname)).toEqual(['/api/v1/surveys/youth-voice/responses']);
  expect(posted[0].body).not.toContain('Talk to us like people.');
  await expect(helpBox(page)).toBeVisible();
  await expect(helpBox(page).getByRole('listitem')).toHaveCount(3);
  await expect(helpBox(page)).toContainText("Young People's Helpline (example)");
});

test('a condition shows a question, and hides it and its answer again', async ({ page }) => {
  const trail = await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
  await startButton(page).click();
  await expectScreen(page, trail, 'About you');

  // "Which area do you live in?" is shown only to people who live in the city.
  const area = page.getByLabel(AREA, { exact: true });
  const livesInCity = question(page, 'Do you live in the city?');
  await expect(area).toHaveCount(0);
  await livesInCity.getByRole('radio', { name: 'Yes', exact: true }).check();
  await expect(area).toBeVisible();
  await expect(main(page).getByText(AREA, { exact: true })).toBeVisible();
  await area.fill('SW1A');
  await livesInCity.getByRole('radio', { name: 'No', exact: true }).check();
  await expect(area).toHaveCount(0);

  await continueToCheck(page);
  await expectScreen(page, trail, 'Check your answers');
  const answers = await checkAnswers(page);
  expect(answers['Do you live in the city?']).toEqual(['No']);
  expect(answers).not.toHaveProperty(['Which area do you live in? (for example, E16)']);
  await expect(main(page)).not.toContainText('SW1A');

  // Shown again (from Check your answers), it still holds what was typed.
  await changeButton(page, 'Do you live in the city?').click();
  await expectScreen(page, trail, 'About you');
  await livesInCity.getByRole('radio', { name: 'Yes', exact: true }).check();
  await expect(area).toHaveValue('SW1A');
  await continueButton(page).click();
  await expectScreen(page, trail, 'Check your answers');
  expect((await checkAnswers(page))['Which area do you live in? (for example, E16)']).toEqual(['SW1A']);
});

test('a validation error is summarised, linked to its field, and cleared when fixed', async ({ page }) => {
  const trail = await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
  await startButton(page).click();
  await expectScreen(page, trail, 'About you');
  await question(page, 'Do you live in the city?').getByRole('radio', { name: 'Yes', exact: true }).check();
  const area = page.getByLabel(AREA, { exact: true });
  await area.fill('ZZZ');
  await continueButton(page).click();

  // Still on the page, with the summary at the top, focused.
  const message = 'Please type only the first half of a postcode, like E16 or SW1A, or leave this blank.';
  const summary = errorSummary(page);
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary).toHaveAttribute('role', 'alert');
  await expect(summary.getByRole('heading', { level: 2 })).toHaveText('There is a problem');
  await expect(heading(page)).toHaveText('About you');
  const link = summary.getByRole('link');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveText(message);
  // The link's target is the field's id: that is how it reaches the field.
  await expect(link).toHaveAttribute('href', '#q-area');

  // The message beside the field, which refers to it.
  const error = main(page).getByText(`Error: ${message}`, { exact: true });
  await expect(error).toBeVisible();
  await expect(error).toHaveText(`Error: ${message}`);
  await expect(area).toHaveAttribute('aria-describedby', /(^| )q-area-error( |$)/);
  // A screen reader reads the hint, then the message, with the field.
  await expect(area).toHaveAccessibleDescription(
    `Only the first half of your postcode. This helps us see if services are missing in some areas. You can leave it blank. Error: ${message}`);
  // The field and its message are marked together (the red bar beside them): a style, with no
  // role or name of its own, so found by its class.
  const group = main(page).locator('.ss-form-group--error');
  await expect(group).toHaveCount(1);
  await expect(group.getByLabel(AREA, { exact: true })).toHaveCount(1);
  await expect(group.getByText(`Error: ${message}`, { exact: true })).toHaveCount(1);

  // The link moves focus to the field, without changing the address.
  await link.click();
  await expect(area).toBeFocused();
  expect(page.url()).toBe(trail.url);
  expect(await page.evaluate(() => history.length)).toBe(trail.history);

  // Fixing the answer takes the message away and lets Continue go on.
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('E16');
  await expect(summary).toHaveCount(0);
  await expect(error).toHaveCount(0);
  await continueButton(page).click();
  await expectScreen(page, trail, 'Finding help');
});

test('a number out of range is refused, and the error summary works by keyboard', async ({ page }) => {
  const trail = await openSurvey(page, YOUTH, YOUTH_TITLE);
  await pressButton(page, startButton(page));
  await expectScreen(page, trail, 'About you');
  const age = page.getByLabel('How old are you?', { exact: true });
  await typeInto(page, age, '25');
  await pressButton(page, continueButton(page));

  const summary = errorSummary(page);
  await expect(summary).toBeFocused();
  const link = summary.getByRole('link');
  await expect(link).toHaveAttribute('href', '#q-age');
  const message = await link.textContent();
  expect(message).toMatch(/11.*16/);
  await expect(main(page).getByText(`Error: ${message}`, { exact: true })).toHaveText(`Error: ${message}`);
  // Tab from the summary reaches its link; Enter on it focuses the field.
  await tabTo(page, link, { max: 3 });
  await page.keyboard.press('Enter');
  await expect(age).toBeFocused();
  expect(page.url()).toBe(trail.url);
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('14');
  await expect(summary).toHaveCount(0);
  await pressButton(page, continueButton(page));
  await expectScreen(page, trail, 'Feeling safe');
});

test('an answer changed from Check your answers comes back changed', async ({ page }) => {
  const trail = await openSurvey(page, YOUTH, YOUTH_TITLE);
  await startButton(page).click();
  await expectScreen(page, trail, 'About you');
  const gender = question(page, 'Which of these describes you?');
  await gender.getByRole('radio', { name: 'A girl', exact: true }).check();
  await page.getByLabel('What year are you in at school?', { exact: true }).selectOption({ label: 'Year 9' });
  await continueButton(page).click();
  await expectScreen(page, trail, 'Feeling safe');
  const travel = question(page, 'How do you usually get to school?');
  await travel.getByRole('radio', { name: 'I walk', exact: true }).check();
  await continueToCheck(page);
  await expectScreen(page, trail, 'Check your answers');
  let answers = await checkAnswers(page);
  expect(answers['Which of these describes you?']).toEqual(['A girl']);
  expect(answers['How do you usually get to school?']).toEqual(['I walk']);

  // Change -> that question's page -> change it -> Continue -> back on Check your answers.
  await changeButton(page, 'Which of these describes you?').click();
  await expectScreen(page, trail, 'About you');
  await expect(gender.getByRole('radio', { name: 'A girl', exact: true })).toBeChecked();
  await gender.getByRole('radio', { name: 'I would rather not say', exact: true }).check();
  await continueButton(page).click();
  await expectScreen(page, trail, 'Check your answers');
  answers = await checkAnswers(page);
  expect(answers['Which of these describes you?']).toEqual(['I would rather not say']);
  expect(answers['What year are you in at school?']).toEqual(['Year 9']);

  // A change that hides a page: by car, "Your journey" is not asked.
  expect(answers).toHaveProperty(['What would make your journey to school feel safer?']);
  await changeButton(page, 'How do you usually get to school?').click();
  await expectScreen(page, trail, 'Feeling safe');
  await travel.getByRole('radio', { name: 'By car', exact: true }).check();
  await continueButton(page).click();
  await expectScreen(page, trail, 'Check your answers');
  answers = await checkAnswers(page);
  expect(answers['How do you usually get to school?']).toEqual(['By car']);
  expect(answers).not.toHaveProperty(['What would make your journey to school feel safer?']);
});

test('the Youth Voice survey switches to Arabic, right to left, keeping the answers, and back', async ({ page }) => {
  const trail = await openSurvey(page, YOUTH, YOUTH_TITLE);
  // The document's own language and direction (attributes, not something on screen).
  const html = page.locator('html');
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(html).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('navigation', { name: 'Language', exact: true })).toBeVisible();
  const languages = languageButtons(page);
  await expect(languages).toHaveText(['English', 'العربية']);
  // Each button carries its language, so a screen reader says its name in that language.
  await expect(languages.first()).toHaveAttribute('lang', 'en');
  await expect(languages.last()).toHaveAttribute('lang', 'ar');
  await expect(languages.first()).toHaveAttribute('aria-current', 'true');

  await startButton(page).click();
  await expectScreen(page, trail, 'About you');
  await page.getByLabel('How old are you?', { exact: true }).fill('12');
  await question(page, 'Which of these describes you?').getByRole('radio', { name: 'A boy', exact: true }).check();
  await page.getByLabel('What year are you in at school?', { exact: true }).selectOption({ label: 'Year 7' });

  await page.getByRole('button', { name: 'العربية', exact: true }).click();
  await expect(html).toHaveAttribute('lang', 'ar');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('navigation', { name: 'اللغة', exact: true })).toBeVisible();
  await expect(languages.last()).toHaveAttribute('aria-current', 'true');
  expect(await page.title()).toBe('استبيان');
  // Same screen (no focus move, no history), now in Arabic.
  await expectScreen(page, trail, 'عنك', { focused: false });
  await expect(backButton(page)).toHaveCount(0);
  await expect(main(page).getByRole('button', { name: 'رجوع', exact: true })).toBeVisible();
  await expect(continueButton(page)).toHaveCount(0);
  await expect(main(page).getByRole('button', { name: 'متابعة', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'غادر هذا الموقع أو اضغط على Esc', exact: true })).toBeVisible();
  const age = page.getByLabel('كم عمرك؟', { exact: true });
  await expect(age).toBeVisible();
  const gender = question(page, 'أيّ من هذه يصفك؟');
  const boy = gender.getByRole('radio', { name: 'فتى', exact: true });
  await expect(boy).toBeVisible();
  const year = page.getByLabel('في أي صف أنت في المدرسة؟', { exact: true });
  await expect(year.getByRole('option', { selected: true })).toHaveText('الصف السابع (Year 7)');
  const help = page.getByRole('complementary', { name: 'المساعدة والدعم', exact: true });
  await expect(help.getByRole('heading', { level: 2 })).toHaveText('المساعدة والدعم');
  // The answers are kept.
  await expect(age).toHaveValue('12');
  await expect(boy).toBeChecked();
  await expect(year).toHaveValue('year7');

  // Laid out right to left: text runs rtl, each radio is to the right of its label.
  const boyLabel = gender.getByText('فتى', { exact: true });
  for (const [name, element] of [['main', main(page)], ['the label "فتى"', boyLabel], ['the age field', age], ['the help box', help]]) {
    expect(await element.evaluate((e) => getComputedStyle(e).direction), name).toBe('rtl');
  }
  const radio = await boy.boundingBox();
  const label = await boyLabel.boundingBox();
  expect(radio.x + radio.width / 2).toBeGreaterThan(label.x + label.width / 2);
  expect(radio.x + radio.width).toBeGreaterThan(label.x + label.width - 1);
  const title = await heading(page).boundingBox();
  const content = await main(page).boundingBox();
  // The heading starts at the right edge of the content.
  expect(content.x + content.width - (title.x + title.width)).toBeLessThan(40);

  // Errors come in Arabic too.
  const goOn = main(page).getByRole('button', { name: 'متابعة', exact: true });
  await age.fill('9');
  await goOn.click();
  await expect(page.getByRole('alert').getByRole('heading', { level: 2 })).toHaveText('هناك مشكلة');
  await expect(page.getByRole('alert')).toHaveAccessibleName('هناك مشكلة');
  await age.fill('12');

  // On in Arabic, then back to English on the next page.
  await goOn.click();
  await expectScreen(page, trail, 'الشعور بالأمان');
  await expectProgress(page, /^الصفحة 2 من \d+$/);
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(html).toHaveAttribute('dir', 'ltr');
  await expectScreen(page, trail, 'Feeling safe', { focused: false });
  expect(await main(page).evaluate((e) => getComputedStyle(e).direction)).toBe('ltr');
  const travel = question(page, 'How do you usually get to school?');
  const radioEn = await travel.getByRole('radio', { name: 'I walk', exact: true }).boundingBox();
  const labelEn = await travel.getByText('I walk', { exact: true }).boundingBox();
  expect(radioEn.x + radioEn.width / 2).toBeLessThan(labelEn.x + labelEn.width / 2);

  // Back: the answers given in the other language are still there.
  await backButton(page).click();
  await expectScreen(page, trail, 'About you');
  await expect(page.getByLabel('How old are you?', { exact: true })).toHaveValue('12');
  await expect(question(page, 'Which of these describes you?').getByRole('radio', { name: 'A boy', exact: true })).toBeChecked();
  await expect(page.getByLabel('What year are you in at school?', { exact: true }).getByRole('option', { selected: true })).toHaveText('Year 7');
});
