// What assistive technology is told on each kind of screen: Playwright's ARIA snapshot of the
// survey's main region (roles, names, states and the text read out, in reading order), against
// the example surveys in surveys/. A label, legend, heading, role or name that is lost or changed
// fails here, as it would leave a screen-reader user without it.
//
// `/children: equal` where the whole list is the point (every answer of a question, every part of
// a short screen). Elsewhere a template lists, in order, what must be there, and leaves out the
// questions of other kinds on the same page (each kind has its own snapshot).
import {
  SURVIVOR, YOUTH, continueButton, continueToCheck, expect, main, openSurvey, question, startButton, submitButton,
  test, tick,
} from './helpers.mjs';

test.describe.configure({ mode: 'parallel' });

const SURVIVOR_TITLE = 'Your voice on ending violence against women and girls';
const YOUTH_TITLE = 'Youth Voice: feeling safe';
const AREA = 'Which area do you live in? (for example, E16)';

test('the intro: the survey\'s title as the one level-1 heading, its words, the safety advice under its own heading, and Start', async ({ page }) => {
  await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
  await expect(main(page)).toMatchAriaSnapshot(`
    - main:
      - /children: equal
      - heading "Your voice on ending violence against women and girls" [level=1]
      - paragraph: This consultation is run by the City consultation team. We are planning how the city supports women and girls who have experienced violence or abuse, how the police and courts respond, how people who cause harm are held to account, and how attitudes can change. We want to hear from you.
      - paragraph: Your answers are anonymous. We do not ask for your name, your email address or your phone number. Your answers are encrypted on this device before they are sent, so only the consultation team can read them, and even we cannot see who you are.
      - paragraph: Every question is optional. You can skip any question or any page, and you can choose "Prefer not to say" for many of them. Some pages ask about difficult experiences. Before those pages we tell you what they are about, so you can decide whether to answer them.
      - paragraph: It takes about 15 minutes. Your answers are not saved on this device, so if you close the page before you send them, they are gone.
      - heading "Staying safe" [level=2]
      - paragraph: Your safety comes first.
      - paragraph: If you need to leave quickly, press the Esc key or the "Leave this site" button. This page will close at once and a weather website will open instead.
      - paragraph: Using a private or incognito window leaves less trace on this device.
      - paragraph: If someone may check this device or look over your shoulder, you might want to answer at another time, or on a device they cannot get to.
      - paragraph: If you are in danger right now, call 999.
      - button "Start"
  `);
});

test('around the survey: first the skip link, the exit button with its Escape hint and the language navigation, then the survey, then the help box', async ({ page }) => {
  await openSurvey(page, YOUTH, YOUTH_TITLE);
  // The whole page, top to bottom, as a screen reader reads it.
  await expect(page.locator('body')).toMatchAriaSnapshot(`
    - link "Skip to main content":
      - /url: "#ss-main"
    - button "Leave this site or press Esc"
    - navigation "Language":
      - list:
        - listitem:
          - button "English"
        - listitem:
          - button "العربية"
    - main:
      - 'heading "Youth Voice: feeling safe" [level=1]'
    - complementary "Help and support":
      - heading "Help and support" [level=2]
      - list:
        - listitem:
          - link "Young People's Helpline (example)":
            - /url: https://young-people.example.org
          - 'link "Call Young People''s Helpline (example): 0800 000 0000"':
            - /url: tel:08000000000
          - text: Free and private. Talk about anything that worries you.
        - listitem:
          - link "Online Safety Help (example)":
            - /url: https://online-safety.example.org
          - 'link "Call Online Safety Help (example): 0808 000 1111"':
            - /url: tel:08080001111
          - text: Help if someone online asked you for pictures, or sent you things you did not want.
        - listitem:
          - link "Text support (example)":
            - /url: https://text-support.example.org
          - text: Text 60000 if you would rather not talk. It is free.
  `);
});

test.describe('a question page, for each kind of question', () => {
  test('single choice, dropdown, yes/no and short text: a group of radios named by its legend, a combobox and a text box named by their labels, and "Clear this answer" once a radio is chosen', async ({ page }) => {
    await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
    await startButton(page).click();
    await tick(page, 'Do you live in the city?', 'Yes'); // shows the area question
    await expect(main(page)).toMatchAriaSnapshot(`
      - main:
        - /children: equal
        - button "Back"
        - text: Page 1 of 7
        - progressbar "Page 1 of 7"
        - heading "About you" [level=1]
        - paragraph: These first questions help us understand who has answered. You can skip any of them.
        - group "Which of these best describes why you are answering?":
          - /children: equal
          - text: Which of these best describes why you are answering?
          - radio "I have experienced violence or abuse"
          - text: I have experienced violence or abuse
          - radio "I have supported someone close to me who experienced violence or abuse"
          - text: I have supported someone close to me who experienced violence or abuse
          - radio "I work or volunteer with survivors"
          - text: I work or volunteer with survivors
          - radio "I live, work or study in the city and care about this"
          - text: I live, work or study in the city and care about this
          - radio "Prefer not to say"
          - text: Prefer not to say
        - text: How old are you?
        - combobox "How old are you?":
          - /children: equal
          - option "Choose an answer" [selected]
          - option "16 to 17"
          - option "18 to 24"
          - option "25 to 34"
          - option "35 to 44"
          - option "45 to 54"
          - option "55 to 64"
          - option "65 to 74"
          - option "75 or over"
          - option "Prefer not to say"
        - group "Do you live in the city?":
          - /children: equal
          - text: Do you live in the city?
          - radio "Yes" [checked]
          - text: "Yes"
          - radio "No"
          - text: "No"
          - radio "Prefer not to say"
          - text: Prefer not to say
          - button "Clear this answer"
        - text: Which area do you live in? (for example, E16) Only the first half of your postcode. This helps us see if services are missing in some areas. You can leave it blank.
        - textbox "Which area do you live in? (for example, E16)"
        - text: How did you hear about this consultation?
        - combobox "How did you hear about this consultation?":
          - /children: equal
          - option "Choose an answer" [selected]
          - option "From a support service or charity"
          - option "On social media"
          - option "From a friend or family member"
          - option "Through my work or place of study"
          - option "Through a community or faith group"
          - option "From the council or city website"
          - option "Somewhere else"
        - button "Continue"
    `);
    // The hint is read with the field, as its description.
    await expect(page.getByLabel(AREA, { exact: true })).toHaveAccessibleDescription(
      'Only the first half of your postcode. This helps us see if services are missing in some areas. You can leave it blank.');
  });

  test('multiple choice and a numbered scale: checkboxes with "or" before the exclusive answer, "Other" showing a text box, and the end points labelled', async ({ page }) => {
    await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
    await startButton(page).click();
    await continueButton(page).click();
    await tick(page, 'Have you ever looked for information or help about violence or abuse, for yourself or someone else?', 'Yes'); // shows where, and how easy
    await tick(page, 'Where did you look?', 'Somewhere else (please tell us where)'); // shows its text box
    await expect(main(page)).toMatchAriaSnapshot(`
      - main:
        - button "Back"
        - text: Page 2 of 7
        - progressbar "Page 2 of 7"
        - heading "Finding help" [level=1]
        - paragraph: This page is about information, and where people look for help.
        - group "Have you ever looked for information or help about violence or abuse, for yourself or someone else?"
        - group "Where did you look?":
          - /children: equal
          - text: Where did you look? Choose all that apply.
          - checkbox "A search engine, like Google"
          - text: A search engine, like Google
          - checkbox "Social media or online groups"
          - text: Social media or online groups
          - checkbox "A helpline"
          - text: A helpline
          - checkbox "A specialist service for women or survivors"
          - text: A specialist service for women or survivors
          - checkbox "Friends or family"
          - text: Friends or family
          - checkbox "A GP, nurse, health visitor or hospital"
          - text: A GP, nurse, health visitor or hospital
          - checkbox "The police"
          - text: The police
          - checkbox "The council"
          - text: The council
          - checkbox "My school, college, university or workplace"
          - text: My school, college, university or workplace
          - checkbox "A faith or community group"
          - text: A faith or community group or
          - checkbox "None of these"
          - text: None of these
          - checkbox "Somewhere else (please tell us where)" [checked]
          - text: Somewhere else (please tell us where) Please say
          - textbox "Please say"
          - checkbox "Prefer not to say"
          - text: Prefer not to say
        - group "How easy was it to find the information you needed?":
          - /children: equal
          - text: How easy was it to find the information you needed?
          - radio "1 – Very hard"
          - text: 1 – Very hard
          - radio "2"
          - text: "2"
          - radio "3"
          - text: "3"
          - radio "4"
          - text: "4"
          - radio "5 – Very easy"
          - text: 5 – Very easy
          - radio "Prefer not to say"
          - text: Prefer not to say
        - group "Did any of these make it harder to look for help?"
        - combobox "In which language would you most like to get information about support?"
        - button "Continue"
    `);
    // The box shown by "Other" is one the checkbox says it controls.
    const other = question(page, 'Where did you look?').getByRole('checkbox', { name: 'Somewhere else (please tell us where)', exact: true });
    await expect(other).toHaveAttribute('aria-controls', 'q-info_sources-other-text');
    await expect(question(page, 'Where did you look?')).toHaveAccessibleDescription('Choose all that apply.');
  });

  test('an info block, a number and the youth page\'s other questions: the block\'s title is a level-2 heading, the number a text box named by its label', async ({ page }) => {
    await openSurvey(page, YOUTH, YOUTH_TITLE);
    await startButton(page).click();
    await expect(main(page)).toMatchAriaSnapshot(`
      - main:
        - /children: equal
        - button "Back"
        - text: Page 1 of 6
        - progressbar "Page 1 of 6"
        - heading "About you" [level=1]
        - paragraph: A few questions about you. You can skip any of them.
        - heading "Before you start" [level=2]
        - paragraph: "Remember: this is not a test. Choose the answer that is closest to what you think. If you do not want to answer a question, just go on to the next one."
        - text: How old are you? Type a number, for example 13.
        - textbox "How old are you?"
        - text: What year are you in at school?
        - combobox "What year are you in at school?":
          - /children: equal
          - option "Choose an answer" [selected]
          - option "Year 7"
          - option "Year 8"
          - option "Year 9"
          - option "Year 10"
          - option "Year 11"
          - option "Another year"
          - option "I am not at school at the moment"
        - group "Which of these describes you?":
          - /children: equal
          - text: Which of these describes you?
          - radio "A girl"
          - text: A girl
          - radio "A boy"
          - text: A boy
          - radio "I describe myself in another way"
          - text: I describe myself in another way
          - radio "I would rather not say"
          - text: I would rather not say
        - text: Which area do you live in? (for example, E16) Only the first part of your postcode. You can leave this blank.
        - textbox "Which area do you live in? (for example, E16)"
        - button "Continue"
    `);
    const age = page.getByLabel('How old are you?', { exact: true });
    await expect(age).toHaveAccessibleDescription('Type a number, for example 13.');
    // A number keypad on a phone (the snapshot cannot show it).
    await expect(age).toHaveAttribute('inputmode', 'numeric');
  });

  test('a labelled scale, a matrix and a long text: the matrix a table with column and row headers, each radio named "Row: Column"; the long text with its character count', async ({ page }) => {
    await openSurvey(page, YOUTH, YOUTH_TITLE);
    await startButton(page).click();
    await continueButton(page).click();
    await tick(page, 'How do you usually get to school?', 'By car'); // no "Your journey"
    await continueButton(page).click();
    const better = page.getByLabel('What could the police do so that young people trust them more?', { exact: true });
    await better.fill('abc');
    await expect(main(page)).toMatchAriaSnapshot(`
      - main:
        - button "Back"
        - text: Page 3 of 6
        - progressbar "Page 3 of 6"
        - heading "The police" [level=1]
        - group "Overall, what do you think of the police in your area?":
          - /children: equal
          - text: Overall, what do you think of the police in your area?
          - radio "Very good"
          - text: Very good
          - radio "Good"
          - text: Good
          - radio "OK"
          - text: OK
          - radio "Bad"
          - text: Bad
          - radio "Very bad"
          - text: Very bad
          - radio "I don't know"
          - text: I don't know
        - group "How much do you agree with each of these?":
          - /children: equal
          - text: How much do you agree with each of these?
          - table:
            - /children: equal
            - rowgroup:
              - row:
                - /children: equal
                - cell
                - columnheader "Agree a lot"
                - columnheader "Agree"
                - columnheader "Not sure"
                - columnheader "Disagree"
                - columnheader "Disagree a lot"
            - rowgroup:
              - /children: equal
              - row:
                - /children: equal
                - rowheader "The police treat young people fairly"
                - cell:
                  - 'radio "The police treat young people fairly: Agree a lot"'
                - cell:
                  - 'radio "The police treat young people fairly: Agree"'
                - cell:
                  - 'radio "The police treat young people fairly: Not sure"'
                - cell:
                  - 'radio "The police treat young people fairly: Disagree"'
                - cell:
                  - 'radio "The police treat young people fairly: Disagree a lot"'
              - row:
                - /children: equal
                - rowheader "The police would listen to me"
                - cell:
                  - 'radio "The police would listen to me: Agree a lot"'
                - cell:
                  - 'radio "The police would listen to me: Agree"'
                - cell:
                  - 'radio "The police would listen to me: Not sure"'
                - cell:
                  - 'radio "The police would listen to me: Disagree"'
                - cell:
                  - 'radio "The police would listen to me: Disagree a lot"'
              - row:
                - /children: equal
                - rowheader "I would trust the police to help me if I needed it"
                - cell:
                  - 'radio "I would trust the police to help me if I needed it: Agree a lot"'
                - cell:
                  - 'radio "I would trust the police to help me if I needed it: Agree"'
                - cell:
                  - 'radio "I would trust the police to help me if I needed it: Not sure"'
                - cell:
                  - 'radio "I would trust the police to help me if I needed it: Disagree"'
                - cell:
                  - 'radio "I would trust the police to help me if I needed it: Disagree a lot"'
              - row:
                - /children: equal
                - rowheader "The police treat girls and boys the same"
                - cell:
                  - 'radio "The police treat girls and boys the same: Agree a lot"'
                - cell:
                  - 'radio "The police treat girls and boys the same: Agree"'
                - cell:
                  - 'radio "The police treat girls and boys the same: Not sure"'
                - cell:
                  - 'radio "The police treat girls and boys the same: Disagree"'
                - cell:
                  - 'radio "The police treat girls and boys the same: Disagree a lot"'
        - group "Is there a police officer who works with your school?"
        - group "In the last year, has a police officer spoken to you?"
        - text: What could the police do so that young people trust them more?
        - textbox "What could the police do so that young people trust them more?": abc
        - text: You have 997 characters left
        - button "Continue"
    `);
    // The count is read with the text box, and changes as it fills.
    await expect(better).toHaveAccessibleDescription('You have 997 characters left');
  });
});

test('the error summary: an alert headed "There is a problem", before the page\'s heading, linking to the field, and the message beside the field', async ({ page }) => {
  await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
  await startButton(page).click();
  await tick(page, 'Do you live in the city?', 'Yes');
  await page.getByLabel(AREA, { exact: true }).fill('ZZZ');
  await continueButton(page).click();
  await expect(main(page)).toMatchAriaSnapshot(`
    - main:
      - button "Back"
      - alert "There is a problem":
        - /children: equal
        - heading "There is a problem" [level=2]
        - list:
          - /children: equal
          - listitem:
            - link "Please type only the first half of a postcode, like E16 or SW1A, or leave this blank.":
              - /url: "#q-area"
      - text: Page 1 of 7
      - progressbar "Page 1 of 7"
      - heading "About you" [level=1]
      - group "Do you live in the city?"
      - text: Which area do you live in? (for example, E16) Only the first half of your postcode. This helps us see if services are missing in some areas. You can leave it blank.
      - paragraph: "Error: Please type only the first half of a postcode, like E16 or SW1A, or leave this blank."
      - textbox "Which area do you live in? (for example, E16)": ZZZ
      - button "Continue"
  `);
});

test('a content note: what the page asks about under the page\'s heading, then Continue or Skip this page', async ({ page }) => {
  await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
  await startButton(page).click();
  await continueButton(page).click();
  await continueButton(page).click();
  await expect(main(page)).toMatchAriaSnapshot(`
    - main:
      - /children: equal
      - button "Back"
      - text: Before you go on
      - heading "Support services" [level=1]
      - paragraph: This page asks about support you may have had after violence or abuse. It does not ask you to describe what happened.
      - paragraph: You can answer only the questions you want to, or skip this page.
      - button "Continue"
      - button "Skip this page"
  `);
});

test('check your answers: each question a term, its answer a definition line by line, a Change button naming the question, and Submit', async ({ page }) => {
  await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
  await startButton(page).click();
  await tick(page, 'Which of these best describes why you are answering?', 'I have experienced violence or abuse');
  await tick(page, 'Do you live in the city?', 'Yes');
  await page.getByLabel(AREA, { exact: true }).fill('E16');
  await continueButton(page).click();
  await tick(page, 'Have you ever looked for information or help about violence or abuse, for yourself or someone else?', 'Yes');
  await tick(page, 'Where did you look?', 'A helpline');
  await tick(page, 'Where did you look?', 'Somewhere else (please tell us where)');
  await question(page, 'Where did you look?').getByLabel('Please say', { exact: true }).fill('A poster');
  await continueToCheck(page);
  // The first questions, then the last, then Submit (the ones between are alike).
  await expect(main(page)).toMatchAriaSnapshot(`
    - main:
      - button "Back"
      - heading "Check your answers" [level=1]
      - paragraph: Nothing is sent until you press Submit. You can change any answer.
      - term: Which of these best describes why you are answering?
      - definition:
        - paragraph: I have experienced violence or abuse
      - definition:
        - button "Change Which of these best describes why you are answering?"
      - term: How old are you?
      - definition:
        - paragraph: Not answered
      - definition:
        - button "Change How old are you?"
      - term: Do you live in the city?
      - definition:
        - paragraph: "Yes"
      - definition:
        - button "Change Do you live in the city?"
      - term: Which area do you live in? (for example, E16)
      - definition:
        - paragraph: E16
      - definition:
        - button "Change Which area do you live in? (for example, E16)"
      - term: How did you hear about this consultation?
      - definition:
        - paragraph: Not answered
      - definition:
        - button "Change How did you hear about this consultation?"
      - term: Have you ever looked for information or help about violence or abuse, for yourself or someone else?
      - definition:
        - paragraph: "Yes"
      - definition:
        - button "Change Have you ever looked for information or help about violence or abuse, for yourself or someone else?"
      - term: Where did you look?
      - definition:
        - /children: equal
        - paragraph: A helpline
        - paragraph: Somewhere else (please tell us where)
        - paragraph: "Please say: A poster"
      - definition:
        - button "Change Where did you look?"
      - term: How easy was it to answer this survey?
      - definition:
        - paragraph: Not answered
      - definition:
        - button "Change How easy was it to answer this survey?"
      - button "Submit"
  `);
});

test('completion: "Thank you" as the level-1 heading, the survey\'s closing words, and the help box', async ({ page }) => {
  await openSurvey(page, SURVIVOR, SURVIVOR_TITLE);
  await continueToCheck(page);
  await submitButton(page).click();
  await expect(main(page)).toMatchAriaSnapshot(`
    - main:
      - /children: equal
      - heading "Thank you" [level=1]
      - paragraph: Thank you. Your answers have been sent safely.
      - paragraph: What you told us will help shape how the city supports survivors and works to end violence against women and girls. We will publish a summary of what people told us. It will never include anything that could identify you.
      - paragraph: Answering questions like these can bring up difficult feelings. If you would like to talk to someone, the support services listed on this page are free and confidential.
      - paragraph: You can now close this page, or press Esc to leave.
      - complementary "Help and support":
        - /children: equal
        - heading "Help and support" [level=2]
        - list:
          - /children: equal
          - listitem:
            - link "City Domestic Abuse Helpline (example)":
              - /url: https://helpline.example.org
            - 'link "Call City Domestic Abuse Helpline (example): 0800 000 0000"':
              - /url: tel:08000000000
            - text: Free, confidential support, 24 hours a day, every day.
          - listitem:
            - link "Rape and Sexual Abuse Support Line (example)":
              - /url: https://sexual-violence-support.example.org
            - 'link "Call Rape and Sexual Abuse Support Line (example): 0808 000 1111"':
              - /url: tel:08080001111
            - text: For anyone affected by rape or sexual abuse, at any time in their life.
          - listitem:
            - link "Silent text support (example)":
              - /url: https://text-support.example.org
            - text: Text 60000 if you cannot talk safely. Free, and it will not show on most phone bills.
  `);
});

test('a survey that cannot be shown: a level-1 heading that says so, what is wrong as a list, and the exit button before it', async ({ page }) => {
  await page.goto('/?survey=does-not-exist');
  await expect(main(page)).toMatchAriaSnapshot(`
    - main:
      - /children: equal
      - heading "This survey cannot be shown" [level=1]
      - paragraph: "Something is wrong with this survey, so it cannot be shown. Please tell the people who run it. What is wrong:"
      - list:
        - /children: equal
        - listitem: the survey could not be loaded from surveys/does-not-exist.json (the server answered 404)
  `);
  // The whole page: the way out first, then the message (no survey, so no skip link, language or help box).
  await expect(page.locator('body')).toMatchAriaSnapshot(`
    - /children: equal
    - button "Leave this site or press Esc"
    - main
  `);
});
