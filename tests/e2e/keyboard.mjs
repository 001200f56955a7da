// Driving the survey with the keyboard only, as someone who cannot use a
// mouse does: Tab and Shift+Tab to reach a field, Space and the arrow keys for
// radios and checkboxes, typing for text, ArrowDown for a select, Enter for a
// button. Nothing here clicks, and nothing sets a value through the DOM.
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

/** Whether the focused element matches a CSS selector. */
export async function focusMatches(page, selector) {
  return page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector);
}

/**
 * Presses Tab (or Shift+Tab with { back: true }) until the focused element
 * matches `selector`; does nothing if it already does. Fails after `max`
 * presses, naming where focus ended up.
 */
export async function tabTo(page, selector, { back = false, max = 120 } = {}) {
  const key = back ? 'Shift+Tab' : 'Tab';
  for (let i = 0; i <= max; i++) {
    if (await focusMatches(page, selector)) return i;
    if (i < max) await page.keyboard.press(key);
  }
  throw new Error(`tabTo: ${max} presses of ${key} did not reach ${selector}; focus is on ${await describeFocus(page)}`);
}

/** Tabs to a button (or link) and presses Enter on it. */
export async function pressButton(page, selector, options) {
  await tabTo(page, selector, options);
  await page.keyboard.press('Enter');
}

/**
 * Chooses one radio of a group by keyboard: Tab into the group (focus lands on
 * the chosen radio, or the first), then ArrowDown until the wanted one is
 * focused (arrows also choose), or Space when focus is already on it.
 * `name` is the group's name attribute (a question id, or "ID.ROW" in a
 * matrix), `id` the wanted radio's id.
 */
export async function chooseRadio(page, name, id, options) {
  await tabTo(page, `input[type="radio"][name="${name}"]`, options);
  const count = await page.locator(`input[type="radio"][name="${name}"]`).count();
  for (let i = 0; i <= count; i++) {
    if (await focusMatches(page, `#${id}`)) {
      if (!(await page.locator(`#${id}`).isChecked())) await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`chooseRadio: arrows did not reach #${id}; focus is on ${await describeFocus(page)}`);
}

/** Ticks (or unticks) a checkbox: Tab to it, Space. */
export async function toggleCheckbox(page, id, options) {
  await tabTo(page, `#${id}`, options);
  await page.keyboard.press('Space');
}

/** Tabs to a text box and types into it. */
export async function typeInto(page, id, text, options) {
  await tabTo(page, `#${id}`, options);
  await page.keyboard.type(text);
}

/**
 * Chooses an option of a closed <select> by its value: Tab to it, then
 * ArrowDown (or ArrowUp, if the wanted option is above) until it is chosen.
 */
export async function chooseOption(page, id, value, options) {
  await tabTo(page, `#${id}`, options);
  const select = page.locator(`#${id}`);
  const { current, wanted, count } = await select.evaluate((s, v) => ({
    current: s.selectedIndex,
    wanted: [...s.options].findIndex((o) => o.value === v),
    count: s.options.length,
  }), value);
  if (wanted < 0) throw new Error(`chooseOption: #${id} has no option "${value}"`);
  const key = wanted >= current ? 'ArrowDown' : 'ArrowUp';
  for (let i = 0; i <= count; i++) {
    if ((await select.inputValue()) === value) return;
    await page.keyboard.press(key);
  }
  throw new Error(`chooseOption: #${id} did not reach "${value}"`);
}
