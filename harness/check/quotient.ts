/**
 * History-specific quotients of partition models: a model that decides the
 * same linearizations as the partition's own on *this* history, with fewer
 * distinct states, so the search's memo merges orders that cannot matter.
 * Built per partition before its search starts; the reference checker
 * (spec/linearizability.ts) never uses them, which is what the property
 * tests compare against.
 *
 * kv-key, unobserved appends. An append whose value no `ok` get of the key
 * ever returns (as a substring) can be followed, until the next put, by no
 * legal get: the value stays a contiguous part of the string and every get
 * would have to return it. So from such an append until the next put the
 * exact string no longer matters, and every such state is one state,
 * TAINTED: appends keep it, gets are illegal in it (known outputs), a put
 * leaves it. This is exact (each step is legal in the quotient iff it is in
 * the string model), and it is what one key with many clients needs: the
 * appends wiped by a put, never read, used to be ordered in every way
 * before a later read showed the put's value. Likewise a put whose value no
 * get returns as a prefix: every value until the next put starts with it.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Operation } from '../../traces/history.js';
import type { Input, Model, Partition, StepResult } from '../../spec/model.js';
import { kvKeyModel } from '../../spec/kv.js';
import { registerModel } from '../../spec/register.js';
import { hashString } from '../../spec/json-value.js';

/** The state of a kv key that holds an append no get returns (cannot occur as a real value: see `taintedOk`). */
export const TAINTED = '\u0000tainted';
const TAINTED_HASH = hashString(TAINTED);

/** Work bound of the substring scan (distinct get-output characters × distinct append lengths, ~10 ms per million): large keys, whose searches are rarely the hard ones, skip the quotient. */
const MAX_SCAN = 2_000_000;

/** A get, or a final read (a get after the quiet period). */
const isGet = (f: string): boolean => f === 'get' || f === 'final-read';

const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** What no ok get of a key shows. */
export interface Unobserved {
  /** Append values no ok get returns as a substring. */
  readonly appends: ReadonlySet<string>;
  /** Put values no ok get returns as a prefix (every value after the put starts with it, until the next put). */
  readonly puts: ReadonlySet<string>;
}

/** The values of `ops` that no ok get shows; undefined when there are none, or the scan is not worth it or not sound. */
export function unobserved(ops: readonly Operation[]): Unobserved | undefined {
  // Every way out but the last is `undefined`, so the bound on the scan's work is tested first, while the
  // get outputs are collected (characters and lengths only grow, so a bound exceeded part way stays
  // exceeded): a key whose reads hold too many characters (most large keys) costs part of one pass.
  const lengthSet = new Set<number>();
  let anyPut = false;
  const outputs = new Set<string>();
  let chars = 0;
  for (const op of ops) {
    if (op.f === 'append') {
      const len = str(op.input).length;
      if (len > 0) lengthSet.add(len);
    } else if (op.f === 'put') anyPut = true;
    else if (op.status === 'ok' && isGet(op.f)) {
      const o = str(op.output);
      if (outputs.has(o)) continue;
      outputs.add(o);
      chars += o.length;
    }
    if (chars * lengthSet.size > MAX_SCAN) return undefined;
  }
  if (lengthSet.size === 0 && !anyPut) return undefined;
  const values = new Set<string>();
  const puts = new Set<string>();
  for (const op of ops) {
    const input = str(op.input);
    // A NUL in the data could spell TAINTED: no quotient then.
    if (input.includes('\u0000') || (op.status === 'ok' && str(op.output).includes('\u0000'))) return undefined;
    if (op.f === 'append' && input !== '') values.add(input);
    else if (op.f === 'put') puts.add(input);
  }
  // A key's value grows by appends until a put, so most outputs are prefixes of later ones, and what a
  // prefix holds (as a substring, or starting it) the longer output holds too: only the outputs that are
  // no other's prefix are scanned. Sorted, a string that is a prefix of another is one of the next.
  const sorted = [...outputs].sort();
  const texts: string[] = [];
  let textChars = 0;
  for (let i = 0; i < sorted.length; i++) {
    const o = sorted[i]!;
    if (i + 1 < sorted.length && sorted[i + 1]!.startsWith(o)) continue;
    texts.push(o);
    textChars += o.length;
  }
  const unseenPuts = new Set(puts);
  for (const o of texts) for (const v of unseenPuts) if (o.startsWith(v)) unseenPuts.delete(v);
  const unseen = absentSubstrings(texts, values, values.size * textChars <= NATIVE_SCAN_MAX ? 'native' : 'index');
  return unseen.size === 0 && unseenPuts.size === 0 ? undefined : { appends: unseen, puts: unseenPuts };
}

/**
 * Work bound, in characters compared, under which the substring scan asks the engine's own string
 * search whether each text holds each value: native code from the first call, where the rolling-hash
 * index below is script that a short process runs unoptimized. A check of Porcupine's kv/c50-bad.txt
 * quotients every partition it searches and every prefix the earlier-violation search and the
 * minimization try, some twenty scans: the whole process took 5–13 ms less this way (compare-builds,
 * two rounds of 80 alternated runs). Above the bound (a key read often, its many values searched for in
 * long outputs) the index, whose work grows with the texts only, is the cheaper.
 */
const NATIVE_SCAN_MAX = 1 << 20;

/**
 * The strings of `values` (none empty) that no string of `texts` holds: each value searched for in each
 * text (`native`), or the texts slid once through a rolling-hash index of the values (`index`).
 */
export function absentSubstrings(texts: readonly string[], values: ReadonlySet<string>, how: 'native' | 'index'): Set<string> {
  const unseen = new Set(values);
  if (how === 'native') {
    for (const o of texts) {
      for (const v of unseen) if (o.includes(v)) unseen.delete(v);
      if (unseen.size === 0) break;
    }
    return unseen;
  }
  const windows = new WindowIndex(values);
  for (const o of texts) {
    windows.scan(o, (v) => unseen.delete(v));
    if (unseen.size === 0) break;
  }
  return unseen;
}

const BASE = 0x01000193;

/** The polynomial hash of `s[from, from + len)`, 32 bits (the rolling hash `WindowIndex.scan` slides). */
function windowHash(s: string, from: number, len: number): number {
  let h = 0;
  for (let i = from; i < from + len; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Strings to look for as substrings, grouped by length and indexed by a rolling hash of their
 * characters: a scan slides one window per length along the text and compares characters only
 * where a hash matches, instead of cutting out (and hashing) a new string at every position.
 * A string found is reported once and leaves the index.
 */
class WindowIndex {
  private readonly byLength = new Map<number, { pow: number; byHash: Map<number, string[]> }>();

  constructor(strings: Iterable<string>) {
    for (const v of strings) {
      if (v === '') continue;
      let group = this.byLength.get(v.length);
      if (group === undefined) {
        let pow = 1; // BASE^(len - 1): the weight of the character leaving the window
        for (let i = 1; i < v.length; i++) pow = Math.imul(pow, BASE);
        this.byLength.set(v.length, (group = { pow, byHash: new Map() }));
      }
      const key = windowHash(v, 0, v.length) & 0x3fffffff; // a small-integer key: no boxed number per lookup
      const bucket = group.byHash.get(key);
      if (bucket === undefined) group.byHash.set(key, [v]);
      else if (!bucket.includes(v)) bucket.push(v);
    }
  }

  /** Calls `found` for each indexed string that occurs in `text` (and drops it from the index). */
  scan(text: string, found: (v: string) => void): void {
    for (const [len, group] of this.byLength) {
      if (group.byHash.size === 0 || len > text.length) continue;
      let h = windowHash(text, 0, len);
      for (let i = 0; ; i++) {
        const bucket = group.byHash.get(h & 0x3fffffff);
        if (bucket !== undefined) {
          for (let j = bucket.length - 1; j >= 0; j--) {
            const v = bucket[j]!;
            if (text.startsWith(v, i)) {
              found(v);
              bucket.splice(j, 1);
            }
          }
          if (bucket.length === 0) group.byHash.delete(h & 0x3fffffff);
        }
        if (i + len >= text.length || group.byHash.size === 0) break;
        h = (Math.imul(h - Math.imul(text.charCodeAt(i), group.pow), BASE) + text.charCodeAt(i + len)) | 0;
      }
    }
  }
}

/** The model `m` is a quotient of, or `m` itself when it is none. */
export function quotientBase(m: Model): Model {
  return m instanceof TaintedKvKeyModel ? (kvKeyModel as Model) : m;
}

/** TAINTED is above every state: appends reach it from anywhere and never leave it. */
function taintedExtends(later: string, earlier: string): boolean {
  return later === TAINTED || (earlier !== TAINTED && kvKeyModel.monotone!.extends(later, earlier));
}

/**
 * kv-key with every state after an unobserved append (until a put) merged into TAINTED. A class, not
 * an object spread from kv-key's: every quotient (one per partition, per minimization probe, per prefix
 * searched for an earlier violation) then has one shape and the same methods, and the search's calls
 * into its model see one receiver and one target, where a new object of closures each time made V8
 * throw away the optimized search once the second one came.
 */
class TaintedKvKeyModel implements Model<string> {
  readonly name = kvKeyModel.name;
  readonly operations = kvKeyModel.operations;
  readonly init = kvKeyModel.init;
  readonly equal = kvKeyModel.equal;
  readonly isReadOnly = kvKeyModel.isReadOnly!;
  readonly legalOnlyIn = kvKeyModel.legalOnlyIn!;
  readonly describe = kvKeyModel.describe;
  readonly monotone: NonNullable<Model<string>['monotone']>;

  constructor(private readonly unseen: Unobserved) {
    this.monotone = {
      grows: kvKeyModel.monotone!.grows,
      extends: taintedExtends,
      resets: (input) => (input.f === 'put' && unseen.puts.has(str(input.value)) ? { state: TAINTED } : kvKeyModel.monotone!.resets!(input)),
    };
  }

  step(s: string, input: Input, output: JsonValue | undefined): StepResult<string> {
    const base = kvKeyModel;
    if (input.f === 'put') return this.unseen.puts.has(str(input.value)) ? { legal: true, next: TAINTED } : base.step(s, input, output);
    if (s === TAINTED) return { legal: input.f === 'append' || (isGet(input.f) && output === undefined), next: TAINTED };
    if (input.f === 'append' && this.unseen.appends.has(str(input.value))) return { legal: true, next: TAINTED };
    return base.step(s, input, output);
  }

  hash(s: string): number {
    return s === TAINTED ? TAINTED_HASH : kvKeyModel.hash(s);
  }

  hashStep(s: string, hs: number, input: Input, next: string): number {
    return next === TAINTED ? TAINTED_HASH : kvKeyModel.hashStep!(s, hs, input, next);
  }

  showState(s: string): string {
    return s === TAINTED ? '(a value holding an append that no get returns)' : kvKeyModel.showState(s);
  }
}

/** kv-key with every state after an unobserved append (until a put) merged into TAINTED. */
export function taintedKvKeyModel(unseen: Unobserved): Model<string> {
  return new TaintedKvKeyModel(unseen);
}

/** The quotient of `part`'s model (or of the model it is a quotient of) for its history, or that model itself when none applies. */
export function quotientModel(part: Partition): Model {
  const model = quotientBase(part.model);
  if (model !== (kvKeyModel as Model)) return model;
  const unseen = unobserved(part.ops);
  return unseen === undefined ? model : (taintedKvKeyModel(unseen) as Model);
}

/**
 * register, indeterminate writes nothing can observe. An `info` write of v (or cas to v) such that
 * no read returning after its call returns v, and no cas returning after its call (an indeterminate
 * one never returns) expects v, never helps a linearization: once it takes effect, the next
 * operation that depends on the register's value would have to see v, so only a blind write can
 * follow it, which hides it. Dropping it therefore leaves the history linearizable exactly when it
 * was, and the same holds of every prefix and every sub-history without some reads (the witness's
 * probes), which have fewer observers still. On the Jepsen etcd corpus this drops 89 timed-out
 * writes and cas, and the search's steps go from 104,305 to about 79,000 with the same verdicts.
 */
export function withoutHiddenWrites(part: Partition): Partition {
  if (quotientBase(part.model) !== (registerModel as Model)) return part;
  // Per value: the latest return of an operation that could observe it (a read of it, a cas from it).
  const observedUntil = new Map<string, number>();
  const observe = (v: JsonValue | undefined, ret: number): void => {
    const k = primitiveKey(v);
    if (k !== undefined && ret > (observedUntil.get(k) ?? -Infinity)) observedUntil.set(k, ret);
  };
  let candidates = 0;
  for (const op of part.ops) {
    if ((op.f === 'read' || op.f === 'final-read') && op.status === 'ok') observe(op.output, op.ret);
    else if (op.f === 'cas' && Array.isArray(op.input)) observe(op.input[0], op.ret);
    if (op.status === 'info' && (op.f === 'write' || op.f === 'cas')) candidates++;
  }
  if (candidates === 0) return part;
  const hidden = (op: Operation): boolean => {
    if (op.status !== 'info') return false;
    const k = primitiveKey(writtenValue(op));
    return k !== undefined && (observedUntil.get(k) ?? -Infinity) <= op.call;
  };
  const ops = part.ops.filter((op) => !hidden(op));
  return ops.length === part.ops.length ? part : { ...part, ops };
}

/** The value a register write or cas leaves (undefined for any other operation). */
function writtenValue(op: Operation): JsonValue | undefined {
  if (op.f === 'write') return op.input;
  return op.f === 'cas' && Array.isArray(op.input) ? op.input[1] : undefined;
}

/** A key equal for values `jsonEqual` finds equal, for null, booleans, numbers and strings; undefined for the rest (never dropped). */
function primitiveKey(v: JsonValue | undefined): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? `n${v}` : undefined;
    case 'string':
      return `s${v}`;
    case 'boolean':
      return `b${v}`;
    default:
      return undefined;
  }
}
