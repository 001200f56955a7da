// The studio's converter: core's importers and the translators' spreadsheets (studio/converter),
// in a worker the studio starts the first time a file is brought in or a spreadsheet made or read,
// so that the studio's first load does not carry them. The studio sends one request at a time;
// each gets one answer, in order.
import init, { receive } from './converter.js';

// The wasm's SHA-384, written in by the build (scripts/finish-build.mjs): the browser refuses
// another file. (A worker's own scripts can carry no integrity; `speaksafe verify` checks them.)
const INTEGRITY = { 'converter_bg.wasm': '' };

const ready = init({
  module_or_path: fetch(new URL('./converter_bg.wasm', import.meta.url), { integrity: INTEGRITY['converter_bg.wasm'] }),
});

self.onmessage = async (event) => {
  let answer;
  try {
    await ready;
    answer = receive(event.data);
  } catch (error) {
    // The converter could not be loaded, or stopped: the studio says so and starts another one
    // at the next request.
    answer = { answer: JSON.stringify({ kind: 'stopped', message: String(error) }) };
  }
  // The bytes of a spreadsheet made are moved to the studio, not copied.
  self.postMessage(answer, answer.bytes ? [answer.bytes.buffer] : []);
};
