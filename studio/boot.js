// Starts the studio. An external module, because the page's Content Security Policy allows no
// inline script. The wasm is found next to this script, wherever the page is.
import init from './studio.js';

init({ module_or_path: new URL('./studio_bg.wasm', import.meta.url) });
