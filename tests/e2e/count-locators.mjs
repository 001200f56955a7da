#!/usr/bin/env node
// Counts how the end-to-end tests find things: by role, label, text or title (as people do), or
// by CSS selector or id (as only the markup does). Run from the repository's root:
//
//   node tests/e2e/count-locators.mjs          totals, and each file's
//   node tests/e2e/count-locators.mjs --list   also every CSS locator left, with its line
//
// Counted in tests/e2e/*.mjs (this file aside), code lines only (lines that are only a comment
// are skipped):
//   by people's means: getByRole( getByLabel( getByText( getByTitle( getByPlaceholder( getByAltText(
//   by CSS or id:      locator( frameLocator( $( $$( waitForSelector(
// Also reported, not counted as locators: querySelector/getElementById inside page.evaluate
// (code run in the page, which reads the document rather than finding something to act on).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const self = path.basename(fileURLToPath(import.meta.url));
const PEOPLE = /\.getBy(Role|Label|Text|Title|Placeholder|AltText)\(/g;
const CSS = /\.(locator|frameLocator|\$\$?|waitForSelector)\(/g;
const IN_PAGE = /\b(querySelector(All)?|getElementById|getElementsBy\w+)\(/g;

const isComment = (line) => /^\s*(\/\/|\/\*|\*)/.test(line);
const totals = { people: 0, css: 0, inPage: 0 };
const left = [];
const rows = [];
for (const name of fs.readdirSync(here).filter((f) => f.endsWith('.mjs') && f !== self).sort()) {
  const counts = { people: 0, css: 0, inPage: 0 };
  fs.readFileSync(path.join(here, name), 'utf8').split('\n').forEach((line, i) => {
    if (isComment(line)) return;
    counts.people += (line.match(PEOPLE) ?? []).length;
    const css = (line.match(CSS) ?? []).length;
    counts.css += css;
    if (css) left.push(`${name}:${i + 1}: ${line.trim()}`);
    counts.inPage += (line.match(IN_PAGE) ?? []).length;
  });
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  if (counts.people || counts.css || counts.inPage) rows.push([name, counts]);
}

const share = (c) => (c.people + c.css ? `${((100 * c.people) / (c.people + c.css)).toFixed(1)}%` : '-');
for (const [name, c] of rows) {
  console.log(`${name.padEnd(26)} by role/label/text/title ${String(c.people).padStart(4)}   by CSS/id ${String(c.css).padStart(4)}   ${share(c).padStart(6)}   (in-page DOM queries ${c.inPage})`);
}
console.log(`${'total'.padEnd(26)} by role/label/text/title ${String(totals.people).padStart(4)}   by CSS/id ${String(totals.css).padStart(4)}   ${share(totals).padStart(6)}   (in-page DOM queries ${totals.inPage})`);
if (process.argv.includes('--list')) {
  console.log('\nCSS locators left:');
  for (const l of left) console.log(`  ${l}`);
}
