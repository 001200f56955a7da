// Starts the console. An external module, because the page's Content Security Policy allows no
// inline script. The wasm is found next to this script, wherever the page is.
import init from './console.js';

// An invitation link (/console/#invite=TOKEN): the fragment leaves the address bar and the tab's
// history at once, before the console has even loaded (replaceState: no new history entry), and
// is handed to the console, which reads it (src/invite.rs) and lets it go.
if (location.hash) {
  globalThis.speaksafeFragment = location.hash;
  history.replaceState(null, '', location.pathname + location.search);
}

// The wasm's SHA-384, written in by the build (scripts/finish-build.mjs): the browser refuses
// another file, as this script was loaded by its own hash.
const INTEGRITY = { 'console_bg.wasm': '' };

init({ module_or_path: fetch(new URL('./console_bg.wasm', import.meta.url), { integrity: INTEGRITY['console_bg.wasm'] }) });
