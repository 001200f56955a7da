// The console's results worker: the organiser's key files, the sealed responses and the answers
// opened from them live here, never in the page (console/opener: the same results code as the
// command line). The page sends one message at a time and ends the worker to drop everything.
import init, { receive } from './opener.js';

// The wasm's SHA-384, written in by the build (scripts/finish-build.mjs): the browser refuses
// another file. (A worker's own scripts can carry no integrity; `speaksafe verify` checks them.)
const INTEGRITY = { 'opener_bg.wasm': '' };

const ready = init({
  module_or_path: fetch(new URL('./opener_bg.wasm', import.meta.url), { integrity: INTEGRITY['opener_bg.wasm'] }),
});

self.onmessage = async (event) => {
  await ready;
  const answer = receive(event.data);
  // The bytes of a download are moved to the page, not copied.
  self.postMessage(answer, answer.bytes ? [answer.bytes.buffer] : []);
};
