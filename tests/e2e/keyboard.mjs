// Driving the survey with the keyboard only, as someone who cannot use a
// mouse does: Tab and Shift+Tab to reach a field, Space and the arrow keys for
// radios and checkboxes, typing for text, ArrowDown for a select, Enter for a
// button. Nothing here clicks, and nothing sets a value through the DOM.
//
// What to reach is a Playwright locator found by role, label or text (see
// helpers.mjs), so a control is reached only if it has the name it is looked for by.
//
// Never press Escape, and never press Shift on its own: both are the quick
// exit. (Shift+Tab is safe: the Tab resets the count of Shift presses.)

/** A short description of the focused element, for failure messages. */
export async function describeFocus(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return '<body>';
    const id = e.id ? `#${e.id}` : '';
    const cls = e.classList.length ? `.${[...e.classList].join('.')}` : '';
    const name = e.getAttribute('name') ? `[name="${e.getAttribute('name')}"]` : '';
    const text = (e.textContent || '').trim().slice(0, 40);
    return `<${e.tagName.toLowerCase()}${id}${cls}${name}>${text ? ` "${text}"` : ''}`;
  });
}

/** Whether focus is on the element the locator finds (or on one of them, for a group's radios). */
export async function isFocused(target) {
  return target.evaluateAll((elements) => elements.includes(document.activeElement));
}

/**
 * Presses Tab (or Shift+Tab with { back: true }) until focus is on `target`
 * (a locator); does nothing if it already is. Fails after `max` presses,
 * naming where focus ended up.
 */
export async function tabTo(page, target, { back = false, max = 120 } = {}) {
  const key = back ? 'Shift+Tab' : 'Tab';
  for (let i = 0; i <= max; i++) {
    if (await isFocused(target)) return i;
    if (i < max) await page.keyboard.press(key);
  }
  throw new Error(`tabTo: ${max} presses of ${key} did not reach ${target}; focus is on ${await describeFocus(page)}`);
}

/** Tabs to a button (or link) and presses Enter on it. */
export async function pressButton(page, button, options) {
  await tabTo(page, button, options);
  await page.keyboard.press('Enter');
}

/**
 * Chooses one radio of a group by keyboard: Tab into the group (focus lands on
 * the chosen radio, or the first), then ArrowDown until the wanted one is
 * focused (arrows also choose), or Space when focus is already on it.
 * `group` holds the radios of one question (a question's group, or one row of
 * a matrix: helpers.mjs matrixRow), `name` is the wanted radio's accessible
 * name ("Yes"; in a matrix "Row: Column").
 */
export async function chooseRadio(page, group, name, options) {
  const radios = group.getByRole('radio');
  const wanted = group.getByRole('radio', { name, exact: true });
  await tabTo(page, radios, options);
  const count = await radios.count();
  for (let i = 0; i <= count; i++) {
    if (await isFocused(wanted)) {
      if (!(await wanted.isChecked())) await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`chooseRadio: arrows did not reach ${wanted}; focus is on ${await describeFocus(page)}`);
}

/** Ticks (or unticks) a checkbox: Tab to it, Space. */
export async function toggleCheckbox(page, checkbox, options) {
  await tabTo(page, checkbox, options);
  await page.keyboard.press('Space');
}

/** Tabs to a text box and types into it. */
export async function typeInto(page, field, text, options) {
  await tabTo(page, field, options);
  await page.keyboard.type(text);
}

/**
 * Chooses an option of a closed <select> (a combobox) by the words it shows:
 * Tab to it, then ArrowDown (or ArrowUp, if the wanted option is above) until
 * it is chosen.
 */
export async function chooseOption(page, select, label, options) {
  await tabTo(page, select, options);
  const labels = (await select.getByRole('option').allTextContents()).map((t) => t.trim());
  const wanted = labels.indexOf(label);
  if (wanted < 0) throw new Error(`chooseOption: ${select} has no option "${label}" (it has ${labels.join(', ')})`);
  const chosen = () => select.evaluate((s) => s.selectedIndex);
  const key = wanted >= (await chosen()) ? 'ArrowDown' : 'ArrowUp';
  for (let i = 0; i <= labels.length; i++) {
    if ((await chosen()) === wanted) return;
    await page.keyboard.press(key);
  }
  throw new Error(`chooseOption: ${select} did not reach "${label}"`);
}
