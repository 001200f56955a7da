// The generated large survey of bench/engine/src/main.rs, in JavaScript, with the same meaning:
// 50 pages x 20 questions = 1 000 questions, 500 conditions (question visible_if: 9 or 10 a page;
// page visible_if: one page in five, not the first). Questions 0..8 of each page drive
// conditions and have none of their own; 8..19 are conditional (chains within the page, and
// across pages through question 16). Texts in English and Arabic.

export const QUESTIONS_PER_PAGE = 20;

export const id = (page, k) => `p${page}q${k}`;

const options = (values) => values.map((v) => ({ value: v, text: { en: `Option ${v}`, ar: `خيار ${v}` } }));

export function kind(k) {
  switch (k) {
    case 0: case 5: case 8: case 14: return 'single_choice';
    case 1: case 6: case 9: case 15: return 'multiple_choice';
    case 2: case 10: case 16: return 'yes_no';
    case 3: case 11: case 17: case 18: return 'short_text';
    case 4: case 12: case 19: return 'number';
    case 7: case 13: return 'dropdown';
    default: throw new Error(`kind ${k}`);
  }
}

const pageHasCondition = (page) => page % 5 === 4;

function condition(page, k) {
  const q = (k) => id(page, k);
  const prev = (k) => id(Math.max(page - 1, 0), k);
  switch (k) {
    case 8: return `{${q(0)}} = 'a'`;
    case 9: return `{${q(1)}} contains 'b'`;
    case 10: return `{${q(5)}} anyof ['a', 'c']`;
    case 11: return `{${q(3)}} notempty`;
    case 12: return `{${q(2)}} = 'yes' and {${q(4)}} > 10`;
    case 13: return `{${q(7)}} = 'b' or {${q(6)}} contains 'a'`;
    case 14: return `{${q(8)}} notempty`;
    case 15: return `{${q(14)}} anyof ['a', 'b'] and {${q(11)}} notempty`;
    case 16: return page > 0 ? `{${prev(15)}} notempty or {${q(0)}} = 'c'` : `{${q(0)}} = 'c'`;
    case 17: return pageHasCondition(page) ? null : `{${q(16)}} = 'yes'`;
    default: return null;
  }
}

function question(page, k) {
  const q = { id: id(page, k), kind: kind(k), text: { en: `Question ${page}.${k}`, ar: `سؤال ${page}.${k}` } };
  const kd = kind(k);
  if (kd === 'single_choice' || kd === 'dropdown') q.options = options(['a', 'b', 'c']);
  if (kd === 'multiple_choice') q.options = options(['a', 'b', 'c', 'd']);
  if (kd === 'number') {
    q.min = 0;
    q.max = 100;
  }
  const c = condition(page, k);
  if (c) q.visible_if = c;
  return q;
}

export function definition(pages = 50) {
  return {
    format: 'speaksafe/1',
    id: 'bench',
    languages: ['en', 'ar'],
    title: 'Benchmark',
    intro: 'Intro',
    completion: 'Done',
    exit: { url: 'https://www.bbc.co.uk/weather' },
    submit: { endpoint: '/api/v1/surveys/bench/responses', public_key: '' },
    support: [{ name: 'Helpline', phone: '0800 000 0000' }],
    pages: Array.from({ length: pages }, (_, p) => {
      const page = {
        id: `page${p}`,
        title: `Page ${p}`,
        questions: Array.from({ length: QUESTIONS_PER_PAGE }, (_, k) => question(p, k)),
      };
      if (pageHasCondition(p)) page.visible_if = `{${id(p - 1, 2)}} = 'yes' or {${id(p - 1, 3)}} notempty`;
      return page;
    }),
  };
}

/** How many conditions the survey has (questions' and pages'). */
export function countConditions(survey) {
  let n = 0;
  for (const p of survey.pages) {
    if (p.visible_if) n++;
    for (const q of p.questions) if (q.visible_if) n++;
  }
  return n;
}
