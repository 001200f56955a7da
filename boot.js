// Starts the widget. An external module, because the page's Content Security
// Policy allows no inline script (Trunk's own inline loader is turned off).
// The wasm file is found next to this script, wherever the page itself is.
import init from './widget.js';

// The SHA-384 of each wasm, written in by the build (scripts/finish-build.mjs) once they are
// final. The browser refuses a file that does not match: a byte changed on the server stops the
// survey before it runs, and the page says so. This script is itself loaded by its hash (the
// page's `integrity`), so these are the published build's own.
const INTEGRITY = { 'widget_bg.wasm': '', 'seal.wasm': '', 'token.wasm': '' };
// The seal module is fetched later, by the widget (src/sealer.rs), with this hash; the token
// module only by a survey with access codes (src/access_code.rs).
Object.defineProperty(globalThis, 'speaksafeSealIntegrity', { value: INTEGRITY['seal.wasm'] });
Object.defineProperty(globalThis, 'speaksafeTokenIntegrity', { value: INTEGRITY['token.wasm'] });

// An access code from a card's QR code arrives in the address's fragment (#code=…), which
// browsers never send to a server. It is taken now, kept in memory for the widget, and the
// fragment removed from the address bar at once: replaceState, so that no history entry, and
// no later look at the address, holds the code.
if (location.hash.startsWith('#code=')) {
  let code = location.hash.slice('#code='.length);
  try {
    code = decodeURIComponent(code);
  } catch {
    // kept as it came: the widget reads it as typed, and says if it is not a code
  }
  globalThis.speaksafeCode = code;
  history.replaceState(history.state, '', location.pathname + location.search);
}

// The survey definition is fetched now, while the wasm downloads and compiles,
// not after it has started: on a slow phone that saves a whole round trip.
// The widget (src/load.rs) takes this response only when it names the survey
// the widget itself would load, and checks it as it checks its own fetch; the
// names follow the same rule there (letters, digits, '-' and '_', up to 64).
const mount = document.getElementById('speaksafe');
const id = new URLSearchParams(location.search).get('survey') ?? mount?.dataset.survey ?? 'survivor-consultation';
if (/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
  const url = `surveys/${id}.json`;
  // Not kept in the HTTP cache: a shared computer keeps no copy of which survey was open.
  const response = fetch(url, { cache: 'no-store' });
  response.catch(() => {}); // a failure is reported by the widget, which retries the fetch itself
  globalThis.speaksafeSurvey = { url, response };
}

// If the widget cannot load or start (the wasm blocked or cut off, not the published one, a
// browser too old), say so: the respondent is not left waiting, and can still leave by the first
// screen's link.
const wasm = fetch(new URL('./widget_bg.wasm', import.meta.url), { integrity: INTEGRITY['widget_bg.wasm'] });
init({ module_or_path: wasm }).catch(() => {
  const failed = document.getElementById('ss-first-failed');
  if (failed) {
    failed.hidden = false;
  } else if (mount) {
    const note = document.createElement('p');
    note.className = 'ss-body';
    note.setAttribute('role', 'alert');
    note.textContent = 'This survey could not start. Nothing was saved or sent.';
    mount.hidden = false;
    mount.replaceChildren(note);
  }
});
