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
/** The same, matched where the line's `jepsen.util - ` prefix ends (sticky: no copy of the rest of the line). */
const OP_LINE_AT = new RegExp(OP_LINE.source.slice(1), 'y');
/** A keyword of plain characters (`:timed-out`), which EDN reads as its name. */
const SIMPLE_KEYWORD = /^:[\w.-]+$/;
const PREFIX = 'jepsen.util - ';
/**
 * The usual operation line, matched in place from the line's start (sticky) to its end: the first
 * `jepsen.util - ` (as `line` finds it), a process number, tabs, and a value that is nil, a plain integer
 * or a vector of two (`smallIntegerAt`'s rule), as the etcd histories hold. It is read as `line` reads
 * it, in one native match and without a string per line; any other line goes to `line`.
 */
const USUAL_LINE = /(?:(?!jepsen\.util - )[^\n])*jepsen\.util - (\d{1,15})\t:(invoke|ok|fail|info)\t:([A-Za-z][\w-]*)\t(?:nil|(-?\d{1,15})|\[(-?\d{1,15}) (-?\d{1,15})\])/y;
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
      let m: RegExpExecArray | null;
      if (at >= 0) {
        OP_LINE_AT.lastIndex = at + PREFIX.length;
        m = OP_LINE_AT.exec(text);
      } else {
        m = OP_LINE.exec(text);
      }
      if (m === null) return;
      // (Indexed, not destructured: array destructuring runs the iterator protocol, slow until optimized.)
      const proc = m[1]!;
      const type = m[2] as OpType;
      const f = m[3]!;
      const rest = m[4];
      let value;
      try {
        // nil, plain integers, vectors of them (a cas) and plain keywords, most values, are read without the EDN reader.
        value =
          rest === undefined || rest === '' || rest === 'nil'
            ? null
            : (smallIntegerAt(rest, 0, rest.length) ?? readSimpleVector(rest) ?? (SIMPLE_KEYWORD.test(rest) ? rest.slice(1) : readEdn(rest)));
      } catch (e) {
        if (!(e instanceof EdnSyntaxError)) throw e;
        throw new InputError({ file: ctx.file, line: lineNo }, `bad EDN value "${rest}": ${e.message}`, 'edn');
      }
      opLines++;
      const process = proc.charCodeAt(0) === COLON ? proc.slice(1) : Number(proc);
      ctx.builder.event({ type, process, f, value }, lineNo);
    },
    lineAt(text, start, end, lineNo) {
      USUAL_LINE.lastIndex = start;
      const m = USUAL_LINE.exec(text);
      if (m === null || USUAL_LINE.lastIndex !== end) return false;
      const int = m[4];
      const from = m[5];
      const value = int !== undefined ? Number(int) : from !== undefined ? [Number(from), Number(m[6])] : null;
      opLines++;
      ctx.builder.event({ type: m[2] as OpType, process: Number(m[1]), f: m[3]!, value }, lineNo);
      return true;
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
