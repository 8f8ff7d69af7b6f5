/**
 * Sequential specification of a string key-value store with get / put /
 * append (the MIT 6.824 lab store that Porcupine's kv histories come from).
 * Every key starts as the empty string. Keys are independent, so a history
 * splits per key and each key is a string register with append.
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';
import type { Operation } from '../traces/history.js';
import { type Model, partitionByKey } from './model.js';
import { hashString, showJson } from './json-value.js';

/** The whole store: key to value; absent keys read "". */
export type KvState = Readonly<Record<string, string>>;

const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** A read: `get`, or `final-read` (a get after the quiet period, which eventual consistency judges). */
const isGet = (f: string): boolean => f === 'get' || f === 'final-read';

/** One key of the store: its value. */
export const kvKeyModel: Model<string> = {
  name: 'kv-key',
  operations: ['get', 'put', 'append', 'final-read'],
  init: () => '',
  step(s, input, output) {
    switch (input.f) {
      case 'get':
      case 'final-read':
        return { legal: output === undefined || str(output) === s, next: s };
      case 'put':
        return { legal: true, next: str(input.value) };
      case 'append':
        return { legal: true, next: s + str(input.value) };
      default:
        return { legal: false, next: s };
    }
  },
  hash: (s) => hashString(s),
  // FNV-1a streams: hash(s + x) = hashString(x, hash(s)), so an append costs O(|x|), not O(|s|).
  hashStep: (_s, hs, input, next) => (input.f === 'append' ? hashString(str(input.value), hs) : input.f === 'put' ? hashString(next) : hs),
  equal: (a, b) => a === b,
  isReadOnly: (input) => isGet(input.f),
  legalOnlyIn: (input, output) => (isGet(input.f) ? { state: str(output) } : undefined),
  // Only put can shorten or rewrite the value: appends and gets keep it a prefix of what follows.
  monotone: {
    grows: (input) => isGet(input.f) || input.f === 'append',
    // `lastIndexOf(x, 0) === 0` is startsWith without the substring V8's startsWith allocates: the
    // search asks this for most appends it tries, so it was a quarter of a large history's search time.
    extends: (later, earlier) => {
      const n = earlier.length;
      if (later.length < n) return false;
      // Strings that are not a prefix mostly differ near the end (the order of the last appends): a
      // few characters compared there, inline, spare a third of the calls into the runtime.
      for (let i = n - 1; i >= 0 && i >= n - 4; i--) if (later.charCodeAt(i) !== earlier.charCodeAt(i)) return false;
      return later.lastIndexOf(earlier, 0) === 0;
    },
    resets: (input) => (input.f === 'put' ? { state: str(input.value) } : undefined),
  },
  describe: (op) => describeKv(op),
  showState: (s) => JSON.stringify(s),
};

function describeKv(op: Operation): string {
  const k = op.key === undefined ? '' : ` ${JSON.stringify(op.key)}`;
  return isGet(op.f) ? `${op.f}${k} -> ${showJson(op.output)}` : `${op.f}${k} ${showJson(op.input)}`;
}

const KV_OPS: readonly string[] = ['get', 'put', 'append', 'final-read'];

/** get / put / append on string keys, unwritten keys read "". */
export const kvModel: Model<KvState> = {
  name: 'kv',
  operations: ['get', 'put', 'append', 'final-read'],
  init: () => ({}),
  step(s, input, output) {
    const key = input.key ?? '';
    const cur = s[key] ?? '';
    const r = kvKeyModel.step(cur, input, output);
    return { legal: r.legal, next: r.next === cur ? s : { ...s, [key]: r.next } };
  },
  hash(s) {
    let h = 0;
    for (const k of Object.keys(s)) if (s[k] !== '') h = (h + hashString(`${k}\u0000${s[k]}`)) | 0;
    return h >>> 0;
  },
  isReadOnly: (input) => isGet(input.f),
  equal(a, b) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if ((a[k] ?? '') !== (b[k] ?? '')) return false;
    return true;
  },
  partition(ops: readonly Operation[]) {
    return partitionByKey(ops, () => kvKeyModel);
  },
  validate(f, value, phase) {
    if (!KV_OPS.includes(f)) return `kv operation must be get|put|append|final-read, got "${f}"`;
    if ((f === 'put' || f === 'append') && phase === 'invoke' && typeof value !== 'string') {
      return `${f} value must be a string, got ${showJson(value)}`;
    }
    return undefined;
  },
  describe: describeKv,
  showState: (s) => JSON.stringify(s),
};
