// speaksafe survey definition -> SurveyJS JSON (survey-core 2.x), for the side-by-side
// benchmark (bench/compare/run.mjs). A bench tool, not a product feature: it keeps the
// meaning (same pages, questions, options, conditions, validation, languages) so that both
// systems render and evaluate the same survey.
//
// Mapping (speaksafe kind -> SurveyJS type):
//   single_choice            -> radiogroup          (prefer_not_to_say: a last item, value "prefer_not_to_say")
//   multiple_choice          -> checkbox            (other -> showOtherItem/otherText; an exclusive last
//                                                    option with value "none" -> showNoneItem/noneText,
//                                                    any other exclusive option -> an item with isExclusive)
//   dropdown                 -> dropdown
//   short_text / long_text   -> text / comment      (max_length -> maxLength)
//   number                   -> text, inputType number, min/max
//   scale (min/max)          -> rating, rateMin/rateMax with min/max descriptions; with
//                               prefer_not_to_say -> rating with rateValues, the points and the item
//   scale (options)          -> rating with rateValues
//   matrix                   -> matrix (rows, columns)
//   yes_no                   -> boolean (valueTrue "yes", valueFalse "no", labelTrue/labelFalse);
//                               with prefer_not_to_say -> radiogroup yes / no / prefer_not_to_say
//   info                     -> html, with the text escaped (title as <h3>, paragraphs as <p>)
//   visible_if / required_if -> visibleIf / requiredIf, unchanged (SurveyJS's expression syntax is
//                               the same: {q}, {matrix.row}, = <> < <= > >=, contains, notcontains,
//                               anyof, allof, empty, notempty, and/or/not)
//   validation               -> regex / text (minLength, maxLength) / numeric (minValue, maxValue)
//   pages                    -> pages (visible_if -> visibleIf, intro -> description); a content note
//                               becomes an html block at the top of its page (SurveyJS has no
//                               separate note screen)
//   intro + safety + support -> a start page (firstPageIsStarted), so both systems show an intro
//                               with a Start button before the first question
//   check your answers       -> showPreviewBeforeComplete: "showAllQuestions"
//   completion               -> completedHtml
// Texts: a plain string stays a string; a per-language object becomes a SurveyJS localizable
// string { default: <first language>, <code>: ... }.

const PNTS = 'prefer_not_to_say';
const PNTS_WORDS = { en: 'Prefer not to say', ar: 'أفضّل عدم الإجابة' };

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function convert(survey) {
  const langs = survey.languages.map((l) => (typeof l === 'string' ? l : l.code));
  const first = langs[0];
  const text = (t) => {
    if (t === undefined || t === null) return undefined;
    if (typeof t === 'string') return t;
    const out = { default: t[first] };
    for (const [k, v] of Object.entries(t)) if (k !== first) out[k] = v;
    return out;
  };
  // The same text in each language, as HTML with every character escaped.
  const html = (t, render) => {
    if (t === undefined) return undefined;
    if (typeof t === 'string') return render(t);
    const out = { default: render(t[first]) };
    for (const [k, v] of Object.entries(t)) if (k !== first) out[k] = render(v);
    return out;
  };
  const pick = (t, l) => (t === undefined ? undefined : typeof t === 'string' ? t : (t[l] ?? t[first]));
  const paras = (s) => s.split(/\n\n+/).map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  const pnts = (v) => (v === true ? { value: PNTS, text: { default: PNTS_WORDS[first] ?? PNTS_WORDS.en, ...Object.fromEntries(langs.slice(1).map((l) => [l, PNTS_WORDS[l] ?? PNTS_WORDS.en])) } } : { value: PNTS, text: text(v) });
  const choices = (options) => options.map((o) => ({ value: o.value, text: text(o.text) }));

  const validators = (q) =>
    (q.validation ?? []).map((r) => {
      const v = { text: text(r.message) };
      if (r.rule === 'pattern') return { type: 'regex', regex: r.pattern, ...v };
      if (r.rule === 'length') return { type: 'text', ...(r.min != null && { minLength: r.min }), ...(r.max != null && { maxLength: r.max }), ...v };
      if (r.rule === 'range') return { type: 'numeric', ...(r.min != null && { minValue: r.min }), ...(r.max != null && { maxValue: r.max }), ...v };
      throw new Error(`convert: unknown validation rule ${r.rule} in ${q.id}`);
    });

  const question = (q) => {
    const base = { name: q.id, title: text(q.text) };
    if (q.hint !== undefined) base.description = text(q.hint);
    if (q.visible_if) base.visibleIf = q.visible_if;
    if (q.kind === 'info') {
      const out = {};
      for (const l of langs) {
        const title = pick(q.title, l);
        out[l === first ? 'default' : l] = (title !== undefined ? `<h3>${escapeHtml(title)}</h3>` : '') + paras(pick(q.text, l));
      }
      return { type: 'html', name: q.id, ...(q.visible_if && { visibleIf: q.visible_if }), html: langs.length > 1 ? out : out.default };
    }
    if (q.required) base.isRequired = true;
    if (q.required_if) base.requiredIf = q.required_if;
    const vs = validators(q);
    if (vs.length) base.validators = vs;
    switch (q.kind) {
      case 'single_choice':
      case 'dropdown': {
        const items = choices(q.options);
        if (q.prefer_not_to_say) items.push(pnts(q.prefer_not_to_say));
        return { type: q.kind === 'dropdown' ? 'dropdown' : 'radiogroup', ...base, choices: items };
      }
      case 'multiple_choice': {
        const out = { type: 'checkbox', ...base };
        const items = q.options.map((o) => ({ value: o.value, text: text(o.text), ...(o.exclusive && { isExclusive: true }) }));
        const last = q.options[q.options.length - 1];
        if (last?.exclusive && last.value === 'none') {
          items.pop();
          out.showNoneItem = true;
          out.noneText = text(last.text);
        }
        if (q.prefer_not_to_say) items.push({ ...pnts(q.prefer_not_to_say), isExclusive: true });
        out.choices = items;
        if (q.other) {
          out.showOtherItem = true;
          out.otherText = text(q.other);
        }
        return out;
      }
      case 'short_text':
        return { type: 'text', ...base, ...(q.max_length && { maxLength: q.max_length }) };
      case 'long_text':
        return { type: 'comment', ...base, ...(q.max_length && { maxLength: q.max_length }) };
      case 'number':
        return { type: 'text', inputType: 'number', ...base, ...(q.min != null && { min: q.min }), ...(q.max != null && { max: q.max }), ...(q.integer && { step: 1 }) };
      case 'scale': {
        const ends = {
          ...(q.min_label && { minRateDescription: text(q.min_label) }),
          ...(q.max_label && { maxRateDescription: text(q.max_label) }),
        };
        if (q.options || q.prefer_not_to_say) {
          const items = [];
          if (q.options) items.push(...choices(q.options));
          else for (let i = q.min ?? 1; i <= q.max; i++) items.push({ value: String(i), text: String(i) });
          if (q.prefer_not_to_say) items.push(pnts(q.prefer_not_to_say));
          return { type: 'rating', ...base, rateValues: items, ...ends };
        }
        return {
          type: 'rating',
          ...base,
          rateMin: q.min,
          rateMax: q.max,
          ...(q.min_label && { minRateDescription: text(q.min_label) }),
          ...(q.max_label && { maxRateDescription: text(q.max_label) }),
        };
      }
      case 'matrix':
        return { type: 'matrix', ...base, rows: choices(q.rows), columns: choices(q.columns) };
      case 'yes_no': {
        const yes = q.yes !== undefined ? text(q.yes) : 'Yes';
        const no = q.no !== undefined ? text(q.no) : 'No';
        if (q.prefer_not_to_say) {
          return { type: 'radiogroup', ...base, choices: [{ value: 'yes', text: yes }, { value: 'no', text: no }, pnts(q.prefer_not_to_say)] };
        }
        return { type: 'boolean', ...base, valueTrue: 'yes', valueFalse: 'no', labelTrue: yes, labelFalse: no };
      }
      default:
        throw new Error(`convert: unknown kind ${q.kind} in ${q.id}`);
    }
  };

  const supportHtml = (l) =>
    (survey.support ?? [])
      .map((s) => {
        const pick = (t) => (t === undefined ? '' : typeof t === 'string' ? t : (t[l] ?? t[first]));
        return `<li>${escapeHtml(pick(s.name))}${s.phone ? ` ${escapeHtml(s.phone)}` : ''}${s.text ? ` — ${escapeHtml(pick(s.text))}` : ''}</li>`;
      })
      .join('');
  const startHtml = {};
  for (const l of langs) {
    startHtml[l === first ? 'default' : l] =
      `<h2>${escapeHtml(pick(survey.title, l))}</h2>${paras(pick(survey.intro, l))}` +
      (survey.safety ? `<div>${paras(pick(survey.safety, l))}</div>` : '') +
      (survey.support?.length ? `<ul>${supportHtml(l)}</ul>` : '');
  }
  const completed = {};
  for (const l of langs) completed[l === first ? 'default' : l] = paras(pick(survey.completion, l));

  const pages = [
    { name: '__start', elements: [{ type: 'html', name: '__intro', html: langs.length > 1 ? startHtml : startHtml.default }] },
    ...survey.pages.map((p) => {
      const elements = [];
      if (p.content_note) elements.push({ type: 'html', name: `__note_${p.id}`, html: html(p.content_note, paras) });
      elements.push(...p.questions.map(question));
      return {
        name: p.id,
        title: text(p.title),
        ...(p.intro && { description: text(p.intro) }),
        ...(p.visible_if && { visibleIf: p.visible_if }),
        elements,
      };
    }),
  ];
  return {
    title: text(survey.neutral_title ?? 'Survey'),
    locale: first === 'en' ? undefined : first,
    firstPageIsStarted: true,
    showPreviewBeforeComplete: 'showAllQuestions',
    showProgressBar: 'top',
    completedHtml: langs.length > 1 ? completed : completed.default,
    pages,
  };
}
