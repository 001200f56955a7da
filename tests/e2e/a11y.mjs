// What the accessibility checks look at on a screen, for every app's tests (the surveys, the
// console): axe-core's WCAG 2.1 A/AA rules, targets too small to hit, and sideways scrolling.
import AxeBuilder from '@axe-core/playwright';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the screen; the violations, one line per element. */
export async function axeViolations(page, { exclude = [] } = {}) {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of exclude) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`));
}

/**
 * Targets too small to hit, on the screen as it is laid out now. Buttons,
 * text boxes, selects and the labels of radios and checkboxes must be at
 * least 44 px tall and wide (for a radio or checkbox, its label must be 44 px
 * tall, and label and control together 44 px wide). Links must be 24 px, or
 * spaced so that a 24 px circle on each touches no other target (WCAG 2.5.8),
 * unless they sit in a line of text.
 */
export function smallTargets() {
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
export async function sidewaysOverflow(page, width) {
  return page.evaluate((w) => document.documentElement.scrollWidth - w, width);
}

