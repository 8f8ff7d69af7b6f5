/**
 * Generates traces/corpus/consistency/: differentiated histories with planted
 * bad patterns and the verdict `quorate check --consistency all` must give
 * for every model (MANIFEST.tsv). Run `npx tsx harness/check/testing/consistency-corpus.ts`;
 * harness/check/consistency/corpus.test.ts fails while the committed files differ from
 * what this writes.
 *
 * Each history is a base plus one plant. The base is a seeded run of clients
 * against one linearizable store (overlapping operations, some writes
 * indeterminate after which the client goes on under a new process with the
 * same `session`), then one final read per key: every model holds on it
 * (linearizable ⇒ sequential ⇒ cm, ccv ⇒ cc ⇒ the session guarantees; the
 * final reads return the store's last value). The plant is a small history
 * on keys and sessions of its own holding one bad pattern (or none), placed
 * after the base; its verdicts come from the definitions in spec/consistency
 * run on the plant alone. The two share no key and no session, so every
 * model's verdict on the whole is the conjunction (eventual: the plant's,
 * its keys being judged after the base's).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import type { Operation } from '../../../traces/history.js';
import type { Model } from '../../../spec/model.js';
import { registerModel } from '../../../spec/register.js';
import { kvModel } from '../../../spec/kv.js';
import { CONSISTENCY_MODELS, type ConsistencyModel, checkByDefinition } from '../../../spec/consistency/index.js';
import { checkOperationsSync } from '../linearizability.js';
import { Rng } from '../../sim/rng.js';

/** Where the corpus lives. */
export const CONSISTENCY_CORPUS = fileURLToPath(new URL('../../../traces/corpus/consistency/', import.meta.url));

type Kind = 'kv' | 'register';
/** One planted operation: session, w(rite) | r(ead) | f(inal read), key, value (null: the initial value), optionally info. */
type PlantOp = readonly [session: number, f: 'w' | 'r' | 'f', key: string, value: number | null, status?: 'info'];

interface Plant {
  readonly name: string;
  readonly kind: Kind;
  readonly why: string;
  readonly ops: readonly PlantOp[];
  readonly edn?: boolean;
}

const PLANTS: readonly Plant[] = [
  { name: 'clean', kind: 'kv', why: 'no plant: every model holds', ops: [] },
  { name: 'thin-air-read', kind: 'register', why: 'ThinAirRead: a read returns a value no write wrote', ops: [[0, 'w', 'x', 1], [1, 'r', 'x', 7]] },
  { name: 'cyclic-co', kind: 'kv', why: 'CyclicCO: each session reads the other session’s later write', ops: [[0, 'r', 'x', 2], [0, 'w', 'y', 1], [1, 'r', 'y', 1], [1, 'w', 'x', 2]] },
  { name: 'write-co-init-read', kind: 'kv', why: 'WriteCOInitRead: a session reads the initial value after its own write (read-your-writes broken)', ops: [[0, 'w', 'x', 1], [0, 'r', 'x', null]] },
  {
    name: 'write-co-read',
    kind: 'register',
    why: 'WriteCORead: a session reads 2, then 1 though 1 was causally before 2 (monotonic reads broken)',
    ops: [[0, 'w', 'x', 1], [1, 'r', 'x', 1], [1, 'w', 'x', 2], [2, 'r', 'x', 2], [2, 'r', 'x', 1]],
  },
  { name: 'stale-read', kind: 'register', why: 'sequential but not linearizable: a read after a write completed misses it', ops: [[0, 'w', 'x', 1], [1, 'r', 'x', null]] },
  { name: 'store-buffering', kind: 'kv', why: 'cm and ccv but not sequential: each session misses the other’s write', ops: [[0, 'w', 'x', 1], [1, 'w', 'y', 1], [0, 'r', 'y', null], [1, 'r', 'x', null]] },
  { name: 'cyclic-cf', kind: 'kv', why: 'CyclicCF: two sessions see each other’s writes in opposite orders (cm, not ccv)', ops: [[0, 'w', 'x', 1], [1, 'w', 'x', 2], [0, 'r', 'x', 2], [1, 'r', 'x', 1]] },
  {
    name: 'write-hb-init-read',
    kind: 'register',
    why: 'a session reads z initial, then y and x from one write order that contradicts it (ccv, not cm)',
    ops: [[0, 'w', 'z', 1], [0, 'w', 'x', 1], [0, 'w', 'y', 1], [1, 'w', 'x', 2], [1, 'r', 'z', null], [1, 'r', 'y', 1], [1, 'r', 'x', 2]],
    edn: true,
  },
  {
    name: 'monotonic-writes',
    kind: 'register',
    why: 'a session sees a write of another session, then misses that session’s earlier write (monotonic writes broken, and monotonic reads by the same read)',
    ops: [[0, 'w', 'x', 1], [0, 'w', 'x', 2], [1, 'r', 'x', 2], [1, 'r', 'x', null]],
  },
  {
    name: 'writes-follow-reads',
    kind: 'kv',
    why: 'a session sees a write but misses the write its writer had read before it',
    ops: [[0, 'w', 'x', 1], [1, 'r', 'x', 1], [1, 'w', 'y', 2], [2, 'r', 'y', 2], [2, 'r', 'x', null]],
  },
  { name: 'info-write-read', kind: 'kv', why: 'an indeterminate write that a read saw took effect: every model holds', ops: [[0, 'w', 'x', 1, 'info'], [1, 'r', 'x', 1], [0, 'w', 'x', 2], [1, 'r', 'x', 2]] },
  { name: 'final-reads-disagree', kind: 'register', why: 'eventual broken: final reads of one key disagree', ops: [[0, 'w', 'x', 1], [1, 'w', 'x', 2], [2, 'f', 'x', 1], [3, 'f', 'x', 2]] },
  { name: 'final-read-lost-update', kind: 'kv', why: 'eventual broken: the final read misses an acknowledged write', ops: [[0, 'w', 'x', 1], [1, 'f', 'x', null]] },
  { name: 'not-differentiated', kind: 'register', why: 'a value written twice: the causal models and session guarantees cannot judge it (unknown)', ops: [[0, 'w', 'x', 1], [1, 'w', 'x', 1], [2, 'r', 'x', 1]] },
];

/** One operation event line of the output. */
interface Event {
  readonly type: 'invoke' | 'ok' | 'info';
  readonly process: number;
  readonly session: number;
  readonly f: string;
  readonly key: string;
  readonly value: JsonValue;
}

const fName = (kind: Kind, f: 'w' | 'r' | 'f'): string => (f === 'f' ? 'final-read' : kind === 'kv' ? (f === 'w' ? 'put' : 'get') : f === 'w' ? 'write' : 'read');
const valueOf = (kind: Kind, v: number | null, prefix: string): JsonValue => (v === null ? (kind === 'kv' ? '' : null) : kind === 'kv' ? `${prefix}${v}` : v);

/** The base: clients against one linearizable store; returns its events and next free process id. */
function base(kind: Kind, seed: number): Event[] {
  const rng = new Rng(seed, 'consistency-corpus');
  const next = (n: number): number => rng.nextInt(0, n - 1);
  const keys = ['a', 'b', 'c'];
  const store = new Map<string, JsonValue>(keys.map((k) => [k, valueOf(kind, null, '')]));
  const sessions = 4;
  const process = Array.from({ length: sessions }, (_, s) => s);
  type Flight = { f: 'w' | 'r'; key: string; value: JsonValue; applied: boolean; info: boolean };
  const flight: (Flight | undefined)[] = new Array(sessions).fill(undefined);
  const events: Event[] = [];
  let written = 0;
  let invoked = 0;
  while (invoked < 120 || flight.some((f) => f !== undefined)) {
    const s = next(sessions);
    const fl = flight[s];
    if (fl === undefined) {
      if (invoked >= 120) continue;
      invoked++;
      const key = keys[next(keys.length)]!;
      const f = next(2) === 0 ? 'w' : 'r';
      const value = f === 'w' ? valueOf(kind, ++written, 'v') : null;
      flight[s] = { f, key, value, applied: false, info: f === 'w' && next(10) === 0 };
      events.push({ type: 'invoke', process: process[s]!, session: s, f: fName(kind, f), key, value: f === 'w' ? value : null });
    } else if (!fl.applied) {
      fl.applied = true;
      if (fl.f === 'w' && !(fl.info && next(2) === 0)) store.set(fl.key, fl.value);
      if (fl.f === 'r') fl.value = store.get(fl.key)!;
    } else {
      events.push({ type: fl.info ? 'info' : 'ok', process: process[s]!, session: s, f: fName(kind, fl.f), key: fl.key, value: fl.value });
      if (fl.info) process[s]! += sessions; // a new process for the same client session
      flight[s] = undefined;
    }
  }
  // Final reads after the quiet period: the store's value of each key.
  keys.forEach((key, k) => {
    const p = 100 + k;
    events.push({ type: 'invoke', process: p, session: p, f: 'final-read', key, value: null });
    events.push({ type: 'ok', process: p, session: p, f: 'final-read', key, value: store.get(key)! });
  });
  return events;
}

/** The plant's events (keys prefixed with its name, sessions from 200), one operation after another. */
function plantEvents(p: Plant): Event[] {
  const events: Event[] = [];
  const process = new Map<number, number>();
  for (const [s, f, key, v, status] of p.ops) {
    const session = 200 + s;
    const proc = process.get(session) ?? session;
    const k = `${p.name}.${key}`;
    const value = valueOf(p.kind, v, 'p');
    events.push({ type: 'invoke', process: proc, session, f: fName(p.kind, f), key: k, value: f === 'w' ? value : null });
    events.push({ type: status === 'info' ? 'info' : 'ok', process: proc, session, f: fName(p.kind, f), key: k, value });
    if (status === 'info') process.set(session, proc + 1000);
  }
  return events;
}

/** Operations of events (for the definitions), positions = event order. */
function operations(events: readonly Event[]): Operation[] {
  const open = new Map<number, Operation & { status: 'ok' | 'info' }>();
  const ops: Operation[] = [];
  events.forEach((e, pos) => {
    if (e.type === 'invoke') {
      const op = { id: ops.length, process: e.process, session: e.session, f: e.f, key: e.key, input: e.value, output: undefined as JsonValue | undefined, status: 'info' as 'ok' | 'info', call: pos, ret: Infinity, callLine: pos + 1, retLine: undefined as number | undefined };
      ops.push(op);
      open.set(e.process, op);
      return;
    }
    const op = open.get(e.process)!;
    open.delete(e.process);
    if (e.type === 'ok') Object.assign(op, { status: 'ok', output: e.value, ret: pos, retLine: pos + 1 });
    else Object.assign(op, { retLine: pos + 1 });
  });
  return ops;
}

/** Every model's expected verdict on base + plant. */
function expected(p: Plant, baseOps: readonly Operation[], model: Model): Record<ConsistencyModel, string> {
  const lin = checkOperationsSync(baseOps, model, { maxSteps: 10_000_000 });
  if (lin.verdict !== 'linearizable') throw new Error(`the ${p.name} base is not linearizable: ${JSON.stringify(lin)}`);
  const plant = operations(plantEvents(p));
  const out = {} as Record<ConsistencyModel, string>;
  for (const m of CONSISTENCY_MODELS) {
    if (plant.length === 0) {
      out[m] = m;
      continue;
    }
    const v = checkByDefinition(m, plant, { model }).verdict;
    // Pattern definitions on a non-differentiated plant fall back to brute force; the fast checkers say unknown.
    const notDiff = !['linearizable', 'sequential', 'eventual'].includes(m) && p.name === 'not-differentiated';
    out[m] = notDiff ? 'unknown' : m === 'eventual' && !plant.some((o) => o.f === 'final-read') ? 'unknown' : v;
  }
  return out;
}

const ednValue = (v: JsonValue): string => (v === null ? 'nil' : JSON.stringify(v));
const ednLine = (e: Event): string => `{:process ${e.process}, :session ${e.session}, :type :${e.type}, :f :${e.f}, :key ${JSON.stringify(e.key)}, :value ${ednValue(e.value)}}`;

/** Writes every history and the manifest; returns the file names. */
export function generate(dir = CONSISTENCY_CORPUS): Map<string, string> {
  const files = new Map<string, string>();
  const rows: string[] = [['file', 'model', ...CONSISTENCY_MODELS, 'why'].join('\t')];
  PLANTS.forEach((p, i) => {
    const model = (p.kind === 'kv' ? kvModel : registerModel) as Model;
    const b = base(p.kind, 1000 + i);
    const baseFinals = b.filter((e) => e.f === 'final-read');
    const baseOps = b.filter((e) => e.f !== 'final-read');
    const events = [...baseOps, ...plantEvents(p), ...baseFinals];
    // A plant's own final reads come last (the plant's quiet period); reorder them after the base's.
    const plantFinal = events.filter((e) => e.session >= 200 && e.f === 'final-read');
    const ordered = [...events.filter((e) => !plantFinal.includes(e)), ...plantFinal];
    const exp = expected(p, operations(baseOps), model);
    // Eventual on the whole: the base's keys hold; a plant without final reads leaves its keys unread finally.
    if (p.ops.length > 0 && !p.ops.some((o) => o[1] === 'f')) exp.eventual = p.ops.some((o) => o[1] === 'w') ? 'unknown' : 'eventual';
    const file = `${String(i).padStart(2, '0')}-${p.name}.${p.edn === true ? 'edn' : 'jsonl'}`;
    const text = p.edn === true ? ordered.map(ednLine).join('\n') : ordered.map((e) => JSON.stringify(e)).join('\n');
    files.set(file, `${text}\n`);
    rows.push([file, p.kind, ...CONSISTENCY_MODELS.map((m) => exp[m]), p.why].join('\t'));
  });
  files.set('MANIFEST.tsv', `${rows.join('\n')}\n`);
  void dir;
  return files;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, text] of generate()) writeFileSync(path.join(CONSISTENCY_CORPUS, name), text);
}
