#!/usr/bin/env node
// The floor of "answer -> paint" as run.mjs measures it: a plain page, no framework,
// two radios whose change handler inserts a paragraph at once, answered the same way (Playwright
// clicks the label; the time runs from the click event's timeStamp to the mutation, then to the
// next animation frame), 4x CPU. What a page cannot go below on this browser and machine.
//
//   node bench/compare/floor.mjs [--answers 40]
import { chromium } from '@playwright/test';
import http from 'node:http';
const html = `<!doctype html><meta name=viewport content="width=device-width"><form>
<div><input type=radio name=q id=a value=a><label for=a>Option a</label></div>
<div><input type=radio name=q id=b value=b><label for=b>Option b</label></div></form><div id=out></div>
<script>
for (const r of document.querySelectorAll('input')) r.addEventListener('change', (e) => {
  const out = document.getElementById('out');
  if (e.target.value === 'a') { const p = document.createElement('p'); p.id = 'shown'; p.textContent = 'Shown'; out.append(p); }
  else out.textContent = '';
});
</script>`;
const server = http.createServer((q, s) => { s.writeHead(200, { 'content-type': 'text/html' }); s.end(html); }).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 412, height: 915 } });
const cdp = await page.context().newCDPSession(page);
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
const dom = [], paint = [];
const ANSWERS = Number(process.argv[process.argv.indexOf('--answers') + 1]) || 40;
for (let i = 0; i < 2 * ANSWERS; i++) {
  const value = i % 2 ? 'b' : 'a';
  const t = page.evaluate((shows) => new Promise((resolve) => {
    addEventListener('click', (e) => {
      const t0 = e.timeStamp;
      const mo = new MutationObserver(() => {
        const el = document.getElementById('shown');
        if ((!!el && el.getClientRects().length > 0) === shows) { mo.disconnect(); const d = performance.now() - t0; requestAnimationFrame(() => resolve({ d, p: performance.now() - t0 })); }
      });
      mo.observe(document.body, { childList: true, subtree: true, attributes: true });
    }, { capture: true, once: true });
  }), value === 'a');
  await page.click(`label[for=${value}]`);
  const r = await t;
  if (value === 'a') { dom.push(r.d); paint.push(r.p); }
  await page.waitForTimeout(150);
}
const q = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
console.log(`plain page, 4x CPU, ${dom.length} answers: in the DOM p50 ${q(dom, .5).toFixed(1)} p95 ${q(dom, .95).toFixed(1)} ms; paint p50 ${q(paint, .5).toFixed(1)} p95 ${q(paint, .95).toFixed(1)} ms`);
await browser.close(); server.close();
