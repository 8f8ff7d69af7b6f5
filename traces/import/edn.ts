/**
 * Importer of Jepsen EDN histories, one op map per line as in Jepsen's
 * history.edn and Porcupine's kv histories:
 * `{:process 0, :type :invoke, :f :get, :key "1", :value nil}`. Extra keys
 * (`:time`, `:index`, `:error`, ...) are tolerated; `;` comments and blank
 * lines are skipped; a map split over several lines is read once its brackets
 * balance; `:process :nemesis` events become annotations. Independent-key
 * histories (`:value [k v]`) are detected and split (independent-keys.ts).
 */
import { InputError, type SourcePos } from '../errors.js';
import type { JsonValue } from '../schema/trace-v1.js';
import { checkOpEvent, show } from '../validate.js';
import { EdnSyntaxError, isBlankEdn, readEdn } from './edn-reader.js';
import type { ImportContext, LineImporter } from './importer.js';
import { IndependentKeyDetector, splitIndependentKeys } from './independent-keys.js';

/** A multi-line map longer than this many characters is taken to be unterminated. */
const MAX_FORM_CHARS = 1 << 20;

/** Creates an EDN history importer. */
export function ednImporter(ctx: ImportContext): LineImporter {
  const detector = new IndependentKeyDetector();
  let pending = '';
  let pendingLine = 0;

  const consume = (text: string, line: number): void => {
    const pos = { file: ctx.file, line };
    let v: JsonValue;
    try {
      v = readEdn(text);
    } catch (e) {
      if (!(e instanceof EdnSyntaxError)) throw e;
      if (e.incomplete && text.length < MAX_FORM_CHARS) {
        pending = text;
        pendingLine = line;
        return;
      }
      throw new InputError(pos, `bad EDN: ${e.message}`, 'edn');
    }
    pending = '';
    const ev = toEvent(v, pos);
    if (ev.process !== 'nemesis') detector.observe(ev.type, ev.f, ev.key, ev.value);
    ctx.builder.event(ev, line);
  };

  return {
    line(text, lineNo) {
      if (pending !== '') {
        consume(`${pending}\n${text}`, pendingLine);
        return;
      }
      if (isBlankEdn(text)) return;
      consume(text, lineNo);
    },
    end() {
      if (pending !== '') {
        throw new InputError({ file: ctx.file, line: pendingLine }, 'bad EDN: the map starting here is never closed', 'edn');
      }
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
  return checkOpEvent(ev, pos);
}
