/**
 * `--bin "node my-node.js"` split into a program and its arguments the way a
 * POSIX shell splits words (single quotes literal, double quotes with `\`
 * escapes, backslash outside quotes), without running a shell: no
 * expansion, no pipes, no redirections.
 */
import { UsageError } from '../../traces/errors.js';

/** The words of `command`; throws UsageError on an unterminated quote or an empty command. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < command.length) {
    const c = command[i] as string;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new UsageError(`--bin: unterminated ' in ${JSON.stringify(command)}`);
      cur += command.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= command.length) throw new UsageError(`--bin: unterminated " in ${JSON.stringify(command)}`);
        const d = command[i] as string;
        if (d === '"') break;
        if (d === '\\' && i + 1 < command.length && '"\\$`\n'.includes(command[i + 1] as string)) {
          cur += command[i + 1];
          i += 2;
        } else {
          cur += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\' && i + 1 < command.length) {
      cur += command[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  if (words.length === 0) throw new UsageError('--bin must name a program, got an empty command');
  return words;
}
