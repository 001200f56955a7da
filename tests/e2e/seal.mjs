// Sealing responses as the widget does, for tests that need many: the response padded with
// spaces to its bucket, then the widget's own seal module (dist/seal.wasm, which needs nothing
// from a browser).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './collector.mjs';

const BUCKETS = [1024, 2048, 4096, 8192, 16384, 32768];

/** A function that seals answers to `survey` for a public key (its text): the envelope's text. */
export async function sealer(survey) {
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(ROOT, 'dist/seal.wasm')), {});
  const seal = instance.exports;
  return (publicKey, answers) => {
    const json = Buffer.from(JSON.stringify({ format: 'speaksafe/1', survey, language: 'en', answers }));
    const padded = Buffer.alloc(BUCKETS.find((b) => json.length <= b), ' ');
    json.copy(padded);
    const input = Buffer.concat([randomBytes(64), Buffer.from(`${publicKey}\n${survey}\n`), padded]);
    const at = seal.input(input.length);
    new Uint8Array(seal.memory.buffer, at, input.length).set(input);
    const status = seal.seal();
    const output = Buffer.from(new Uint8Array(seal.memory.buffer, seal.output(), seal.output_len())).toString();
    if (status !== 0) throw new Error(`the seal module refused: ${output}`);
    return output;
  };
}
