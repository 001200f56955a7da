// Starts the widget. An external module, because the page's Content Security
// Policy allows no inline script (Trunk's own inline loader is turned off).
// The wasm file is found next to this script, wherever the page itself is.
import init from './speaksafe.js';

init({ module_or_path: new URL('./speaksafe_bg.wasm', import.meta.url) });
