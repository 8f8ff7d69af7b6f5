/**
 * Test helpers: fast-check arbitraries of small histories for the register
 * and kv models — linearizable by construction (each operation takes effect
 * at a random point inside its [call, ret] interval; indeterminate ones take
 * effect or not), mutated ones (a read result altered, an interval moved, a
 * write dropped), and random junk.
 */
import fc from 'fast-check';
import type { Operation } from '../../../traces/history.js';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import type { Model } from '../../../spec/model.js';
import { registerModel } from '../../../spec/register.js';
import { kvModel } from '../../../spec/kv.js';

/** Which model a generated history is for. */
export type ModelName = 'register' | 'kv';

/** The model called `name`. */
export const modelOf = (name: ModelName): Model => (name === 'register' ? (registerModel as Model) : (kvModel as Model));

interface Draft {
  readonly f: string;
  readonly key: string | undefined;
  readonly input: JsonValue;
  readonly call: number; // integer time
  readonly lin: number; // call + half-integer
  readonly ret: number; // integer time > lin
  readonly info: boolean;
  readonly takesEffect: boolean;
  readonly junk: JsonValue; // a random output, used by junk histories
}

const KEYS = { register: [undefined, 'a', 'b'], kv: ['x', 'y'] } as const;

/** Shape of generated histories beyond the model. */
export interface HistoryShape {
  /** At most this many operations (default 8). */
  readonly maxOps?: number;
  /** One kv key, mostly appends and gets (where the checker prunes by pending reads). */
  readonly appends?: boolean;
  /** Every other operation indeterminate (where the memo merges configurations by subsumption). */
  readonly infoHeavy?: boolean;
  /**
   * One kv key, appends and puts of six values and few gets, so many written values are never
   * read (where the checker merges states by the quotient of harness/check/quotient.ts).
   */
  readonly unread?: boolean;
}

const draftArb = (model: ModelName, keyed: boolean, shape: HistoryShape): fc.Arbitrary<Draft> => {
  const appends = shape.appends === true || shape.unread === true;
  const small = fc.integer({ min: 0, max: 3 });
  const fArb =
    model === 'register'
      ? fc.oneof(
          fc.record({ f: fc.constant('read'), input: fc.constant(null as JsonValue) }),
          fc.record({ f: fc.constant('write'), input: small as fc.Arbitrary<JsonValue> }),
          fc.record({ f: fc.constant('cas'), input: fc.tuple(small, small) as fc.Arbitrary<JsonValue> }),
        )
      : shape.unread === true
        ? fc.oneof(
            { weight: 1, arbitrary: fc.record({ f: fc.constant('get'), input: fc.constant(null as JsonValue) }) },
            {
              weight: 3,
              arbitrary: fc.record({ f: fc.constantFrom('append', 'append', 'put'), input: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'ab') as fc.Arbitrary<JsonValue> }),
            },
          )
        : fc.oneof(
            fc.record({ f: fc.constant('get'), input: fc.constant(null as JsonValue) }),
            fc.record({
              f: appends ? fc.constantFrom('append', 'append', 'append', 'put') : fc.constantFrom('put', 'append'),
              input: fc.constantFrom('a', 'b', 'c') as fc.Arbitrary<JsonValue>,
            }),
          );
  const keys = model === 'register' ? (keyed ? ['a', 'b'] : [undefined]) : appends ? ['x'] : KEYS.kv;
  return fc
    .record({
      op: fArb,
      key: fc.constantFrom(...keys),
      call: fc.integer({ min: 0, max: 30 }),
      d1: fc.integer({ min: 0, max: 12 }),
      d2: fc.integer({ min: 0, max: 12 }),
      info: shape.infoHeavy === true ? fc.boolean() : fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
      takesEffect: fc.boolean(),
      junk: model === 'register' ? (fc.option(small, { nil: null }) as fc.Arbitrary<JsonValue>) : (fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'c') as fc.Arbitrary<JsonValue>),
    })
    .map(({ op, key, call, d1, d2, info, takesEffect, junk }) => {
      const lin = call + d1 + 0.5;
      return { f: op.f, key, input: op.input, call, lin, ret: Math.ceil(lin + d2), info, takesEffect, junk };
    });
};

/** Turns drafts into a history: outputs from the sequential model in `lin` order (or junk), event positions from times. */
export function buildHistory(model: ModelName, drafts: readonly Draft[], junk = false): Operation[] {
  const m = modelOf(model);
  const order = drafts.map((_, i) => i).sort((a, b) => drafts[a]!.lin - drafts[b]!.lin || a - b);
  // One state per key (a keyed register history is a set of independent registers).
  const states = new Map<string | undefined, unknown>();
  const output: (JsonValue | undefined)[] = [];
  const dropped = new Set<number>();
  for (const i of order) {
    const d = drafts[i]!;
    const input = { f: d.f, key: d.key, value: d.input };
    if (d.info && !d.takesEffect) continue;
    const state = states.has(d.key) ? states.get(d.key) : m.init();
    const out = d.f === 'read' || d.f === 'get' ? readOf(model, state, d.key) : d.input;
    const r = m.step(state, input, d.info ? undefined : out);
    if (!r.legal) {
      dropped.add(i); // a cas that did not apply is a `fail`: not in the history
      continue;
    }
    states.set(d.key, r.next);
    output[i] = out;
  }
  // Event positions: sort all calls and returns by time; at equal times a return comes first.
  const evs: { t: number; kind: number; i: number }[] = [];
  drafts.forEach((d, i) => {
    if (dropped.has(i)) return;
    evs.push({ t: d.call, kind: 1, i });
    if (!d.info) evs.push({ t: d.ret, kind: 0, i });
  });
  evs.sort((a, b) => a.t - b.t || a.kind - b.kind || a.i - b.i);
  const call = new Map<number, number>();
  const ret = new Map<number, number>();
  evs.forEach((e, pos) => (e.kind === 1 ? call : ret).set(e.i, pos));
  const ids = [...call.keys()].sort((a, b) => call.get(a)! - call.get(b)!);
  return ids.map((i, id) => {
    const d = drafts[i]!;
    const isRead = d.f === 'read' || d.f === 'get';
    return {
      id,
      process: i,
      f: d.f,
      key: d.key,
      input: d.input,
      output: d.info ? undefined : junk && isRead ? d.junk : output[i] ?? d.input,
      status: d.info ? 'info' : 'ok',
      call: call.get(i)!,
      ret: d.info ? Infinity : ret.get(i)!,
      callLine: call.get(i)! + 1,
      retLine: d.info ? undefined : ret.get(i)! + 1,
    } satisfies Operation;
  });
}

function readOf(model: ModelName, state: unknown, key: string | undefined): JsonValue {
  if (model === 'register') return state as JsonValue;
  return (state as Record<string, string>)[key ?? ''] ?? '';
}

/** A small history of `kind`: linearizable by construction, mutated, or junk. */
export function historyArb(kind: 'linearizable' | 'mutated' | 'junk', shape: HistoryShape = {}): fc.Arbitrary<{ model: ModelName; ops: Operation[] }> {
  const maxOps = shape.maxOps ?? 8;
  const appends = shape.appends === true || shape.unread === true;
  return fc
    .tuple(appends ? fc.constant<ModelName>('kv') : fc.constantFrom<ModelName>('register', 'kv'), fc.boolean())
    .chain(([model, keyed]) =>
      fc.record({
        model: fc.constant(model),
        drafts: fc.array(draftArb(model, keyed, shape), { minLength: Math.min(4, maxOps), maxLength: maxOps }),
        mutations: fc.array(fc.record({ which: fc.nat(), how: fc.integer({ min: 0, max: 2 }), shift: fc.integer({ min: -15, max: 15 }) }), { minLength: 1, maxLength: 3 }),
      }),
    )
    .map(({ model, drafts, mutations }) => {
      if (kind === 'junk') return { model, ops: buildHistory(model, drafts, true) };
      const ops = buildHistory(model, drafts);
      if (kind === 'linearizable' || ops.length === 0) return { model, ops };
      return { model, ops: mutations.reduce((h, m) => (h.length === 0 ? h : mutate(h, drafts, m)), ops) };
    });
}

function mutate(ops: Operation[], drafts: readonly Draft[], m: { which: number; how: number; shift: number }): Operation[] {
  const i = m.which % ops.length;
  const op = ops[i]!;
  if (m.how === 0) {
    // Alter a result: a read now returns some other operation's junk value.
    const junk = drafts[m.which % drafts.length]!.junk;
    return ops.map((o, k) => (k === i && o.status === 'ok' && (o.f === 'read' || o.f === 'get') ? { ...o, output: junk } : o));
  }
  if (m.how === 1) {
    // Drop a write.
    return ops.filter((_, k) => k !== i).map((o, id) => ({ ...o, id }));
  }
  // Move an operation's call later/earlier (keeping call < ret), then re-sort by call.
  const call = op.call + m.shift + (m.shift >= 0 ? 0.5 : -0.5);
  if (op.ret !== Infinity && call >= op.ret) return ops;
  const moved = ops.map((o, k) => (k === i ? { ...o, call } : o)).sort((a, b) => a.call - b.call);
  return moved.map((o, id) => ({ ...o, id }));
}
