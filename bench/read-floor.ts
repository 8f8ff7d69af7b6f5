/**
 * The floor of a whole-process check of a JSON Lines history: a plain Node
 * script that reads the file (streamed in chunks) and `JSON.parse`s every
 * line, and nothing else. `node dist/bench/read-floor.js FILE` prints the
 * line count. The `gen-1m-process` group times `quorate check` against it.
 */
import { createReadStream } from 'node:fs';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: read-floor.js FILE\n');
  process.exit(2);
}
let rest = '';
let lines = 0;
for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const text = rest + (chunk as string);
  let from = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
    if (nl > from) {
      JSON.parse(text.slice(from, nl));
      lines++;
    }
    from = nl + 1;
  }
  rest = text.slice(from);
}
if (rest.trim() !== '') {
  JSON.parse(rest);
  lines++;
}
process.stdout.write(`${lines}\n`);
