// Extracts the first object literal assigned in a JS file (a SurveyJS definition) as JSON.
import fs from 'node:fs';
import vm from 'node:vm';
const [,, file, marker, out] = process.argv;
const text = fs.readFileSync(file, 'utf8');
let at = marker ? text.indexOf(marker) : 0;
if (at < 0) throw new Error('marker not found');
let start = text.indexOf('{', at);
let depth = 0, quote = null, i = start;
for (; i < text.length; i++) {
  const c = text[i];
  if (quote) { if (c === '\\') { i++; continue; } if (c === quote) quote = null; continue; }
  if (c === '"' || c === "'" || c === '`') { quote = c; continue; }
  if (c === '/' && text[i + 1] === '/') { i = text.indexOf('\n', i); continue; }
  if (c === '{') depth++;
  if (c === '}') { depth--; if (depth === 0) break; }
}
const literal = text.slice(start, i + 1);
const value = vm.runInNewContext('(' + literal + ')', Object.create(null), { timeout: 1000 });
fs.writeFileSync(out, JSON.stringify(value, null, 1));
