/**
 * Importer of Jepsen EDN histories in every form Jepsen and Knossos write
 * them (edn-forms.ts): one op map per line as in Jepsen's history.edn and
 * Porcupine's kv histories
 * (`{:process 0, :type :invoke, :f :get, :key "1", :value nil}`), maps over
 * several lines, or the whole file as one vector or list of maps; each op
 * keeps the line its map starts on. Extra keys (`:time`, `:index`,
 * `:error`, ...) are tolerated; `;` comments and blank lines are skipped;
 * `:process :nemesis` events become annotations. Independent-key
 * histories (`:value [k v]`) are detected and split (independent-keys.ts).
 */
import { InputError, type SourcePos } from '../errors.js';
import type { JsonValue, OpType } from '../schema/trace-v1.js';
import type { EventIn } from '../build-history.js';
import { checkOpEvent, show } from '../validate.js';
import { EdnSyntaxError, readEdn, readEdnForms, readSimpleMap } from './edn-reader.js';
import { EdnFormSplitter, EdnSplitError, type EdnChunk } from './edn-forms.js';
import type { ImportContext, LineImporter } from './importer.js';
import { IndependentKeyDetector, splitIndependentKeys } from './independent-keys.js';

/**
 * A line of Porcupine's kv histories (Jepsen's key order), matched whole: process, type, f, key, and a
 * value that is nil, a string without escapes or a plain integer (`smallIntegerAt`'s rule). Such a
 * line is a valid event by construction (the pattern admits only what the schema admits), so it
 * becomes one without the EDN reader or the schema check: one native regular-expression match
 * instead of a character-by-character scan and a check per key, which is most of what reading a
 * short history costs before V8 has optimized the reader. Any other line goes the general way.
 */
const KV_LINE = /^\{:process (\d{1,15}), :type :(invoke|ok|fail|info), :f :([A-Za-z][\w-]*), :key "([^"\\]*)", :value (?:nil|"([^"\\]*)"|(-?\d{1,15}))\}$/;

/** KV_LINE matched in place from a line's start (sticky), for `lineAt`. */
const KV_LINE_AT = new RegExp(KV_LINE.source.slice(1, -1), 'y');

/** Creates an EDN history importer. */
export function ednImporter(ctx: ImportContext): LineImporter {
  const detector = new IndependentKeyDetector();
  const splitter = new EdnFormSplitter();

  const consumeEvent = (ev: EventIn, line: number): void => {
    if (ev.process !== 'nemesis') detector.observe(ev.type, ev.f, ev.key, ev.value);
    ctx.builder.event(ev, line);
  };
  const consume = (v: JsonValue, line: number): void => consumeEvent(toEvent(v, { file: ctx.file, line }), line);
  const chunk = (c: EdnChunk): void => {
    let v: JsonValue;
    try {
      const forms = readEdnForms(c.text);
      if (forms.length === 0) return; // only a `#_` discard
      if (forms.length > 1) throw new EdnSyntaxError(`unexpected text after the value: "${c.text.slice(0, 20)}"`, false);
      v = forms[0]!;
    } catch (e) {
      if (!(e instanceof EdnSyntaxError)) throw e;
      throw new InputError({ file: ctx.file, line: c.line }, `bad EDN: ${e.message}`, 'edn');
    }
    consume(v, c.line);
  };
  const split = (f: () => void): void => {
    try {
      f();
    } catch (e) {
      if (e instanceof EdnSplitError) throw new InputError({ file: ctx.file, line: e.line }, `bad EDN: ${e.message}`, 'edn');
      throw e;
    }
  };

  /** The event of a KV_LINE match (the same object, keys in the same order, as toEvent makes of the map). */
  const kvLine = (m: RegExpExecArray, lineNo: number): void => {
    const str = m[5];
    const int = m[6];
    const value = str !== undefined ? str : int !== undefined ? Number(int) : null;
    consumeEvent({ type: m[2] as OpType, process: Number(m[1]), f: m[3]!, value, key: m[4]! }, lineNo);
  };

  return {
    lineAt(text, start, end, lineNo) {
      if (!splitter.atRest) return false;
      KV_LINE_AT.lastIndex = start;
      const m = KV_LINE_AT.exec(text);
      if (m === null || KV_LINE_AT.lastIndex !== end) return false;
      kvLine(m, lineNo);
      return true;
    },
    line(text, lineNo) {
      // The common case, one whole map on a line, is read directly; anything else goes through the splitter.
      if (splitter.atRest) {
        const m = KV_LINE.exec(text);
        if (m !== null) return kvLine(m, lineNo);
        const t = text.trim();
        if (t.startsWith('{') && t.endsWith('}')) {
          let v: JsonValue | undefined = readSimpleMap(t);
          if (v !== undefined) return consume(v, lineNo);
          try {
            v = readEdn(t);
          } catch (e) {
            if (!(e instanceof EdnSyntaxError)) throw e;
          }
          if (v !== undefined) return consume(v, lineNo);
        }
      }
      split(() => splitter.feed(text, lineNo, chunk));
    },
    end() {
      split(() => splitter.end());
      if (ctx.builder.invocations === 0) {
        throw new InputError({ file: ctx.file }, 'no client operations (a recorder that wrote nothing is almost always a fault)', 'empty');
      }
    },
    postProcess(h) {
      return detector.independent ? splitIndependentKeys(h) : h;
    },
  };
}

function toEvent(v: JsonValue, pos: SourcePos): ReturnType<typeof checkOpEvent> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InputError(pos, `expected an op map like {:process 0, :type :invoke, :f :read, :value nil}, got ${show(v)}`, 'schema');
  }
  const key = v['key'];
  const ev: Record<string, unknown> = { type: v['type'], process: v['process'], f: v['f'] };
  if ('value' in v) ev['value'] = v['value'];
  if (key !== undefined && key !== null) ev['key'] = typeof key === 'number' ? String(key) : key;
  const session = v['session'];
  if (session !== undefined && session !== null) ev['session'] = session;
  return checkOpEvent(ev, pos);
}
