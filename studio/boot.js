// Starts the studio. An external module, because the page's Content Security Policy allows no
// inline script. The wasm is found next to this script, wherever the page is.
import init from './studio.js';

// Whether the collector that served the studio has a console, in which case the studio offers
// "Publish to this service": asked once, as the studio loads (while the wasm downloads), and
// carrying nothing. Anywhere else (a plain web server) the answer is no, and nothing else is
// asked. The studio takes the answer from here (console/client: console_here).
globalThis.speaksafeConsole = fetch('../api/v1/console', { cache: 'no-store', credentials: 'omit' })
  .then((answer) => (answer.ok ? answer.json() : null))
  .catch(() => null);

// The wasm's SHA-384, written in by the build (scripts/finish-build.mjs): the browser refuses
// another file, as this script was loaded by its own hash.
const INTEGRITY = { 'studio_bg.wasm': '' };

init({ module_or_path: fetch(new URL('./studio_bg.wasm', import.meta.url), { integrity: INTEGRITY['studio_bg.wasm'] }) });
