// The console's results worker: the organiser's key files, the sealed responses and the answers
// opened from them live here, never in the page (console/opener: the same results code as the
// command line). The page sends one message at a time and ends the worker to drop everything.
import init, { receive } from './opener.js';

const ready = init({ module_or_path: new URL('./opener_bg.wasm', import.meta.url) });

self.onmessage = async (event) => {
  await ready;
  const answer = receive(event.data);
  // The bytes of a download are moved to the page, not copied.
  self.postMessage(answer, answer.bytes ? [answer.bytes.buffer] : []);
};
