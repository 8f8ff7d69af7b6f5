/**
 * Importer of Jepsen client log lines, as in the etcd histories of Knossos and
 * Porcupine: `INFO  jepsen.util - 17<TAB>:invoke<TAB>:cas<TAB>[3 1]` (tabs or
 * runs of spaces). Values are EDN. `:ok` completes; `:info` is indeterminate
 * and retires the process; `:fail` (a cas whose expected value differed, or
 * `:fail :read :timed-out`) did not take effect and is dropped, after which
 * the process may invoke again under the same id. Lines of `:nemesis` become
 * annotations; every other log line is skipped.
 */
import { InputError } from '../errors.js';
import type { OpType } from '../schema/trace-v1.js';
import { EdnSyntaxError, readEdn, readSimpleVector, smallIntegerAt } from './edn-reader.js';
import type { ImportContext, LineImporter } from './importer.js';

/** process, type, f, rest (the EDN value, possibly empty). */
const OP_LINE = /^(\d+|:[\w.-]+)\s+:(invoke|ok|fail|info)\s+:?([^\s]+)(?:\s+(.*?))?\s*$/;
const PREFIX = 'jepsen.util - ';
const COLON = 58;

/** Whether a line looks like a Jepsen operation log line (for format detection). */
export function isJepsenLogLine(text: string): boolean {
  return text.includes(PREFIX) ? OP_LINE.test(text.slice(text.indexOf(PREFIX) + PREFIX.length)) : OP_LINE.test(text);
}

/** Creates a Jepsen log importer. */
export function jepsenLogImporter(ctx: ImportContext): LineImporter {
  let opLines = 0;
  return {
    line(text, lineNo) {
      const at = text.indexOf(PREFIX);
      const m = OP_LINE.exec(at >= 0 ? text.slice(at + PREFIX.length) : text);
      if (m === null) return;
      const [, proc, type, f, rest] = m as unknown as [string, string, OpType, string, string | undefined];
      const pos = { file: ctx.file, line: lineNo };
      let value;
      try {
        // nil, plain integers and vectors of them (a cas), most values, are read without the EDN reader.
        value = rest === undefined || rest === '' || rest === 'nil' ? null : (smallIntegerAt(rest, 0, rest.length) ?? readSimpleVector(rest) ?? readEdn(rest));
      } catch (e) {
        if (!(e instanceof EdnSyntaxError)) throw e;
        throw new InputError(pos, `bad EDN value "${rest}": ${e.message}`, 'edn');
      }
      opLines++;
      const process = proc.charCodeAt(0) === COLON ? proc.slice(1) : Number(proc);
      ctx.builder.event({ type, process, f, value }, lineNo);
    },
    end() {
      if (opLines === 0) {
        throw new InputError(
          { file: ctx.file },
          'no Jepsen operation lines (expected lines like "INFO  jepsen.util - 17\t:invoke\t:cas\t[3 1]")',
          'empty',
        );
      }
      if (ctx.builder.invocations === 0) {
        throw new InputError({ file: ctx.file }, 'no client operations, only nemesis events', 'empty');
      }
    },
  };
}
