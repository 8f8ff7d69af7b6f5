/**
 * Test helpers for the consistency-model definitions (spec/consistency/):
 * fast-check arbitraries of small differentiated register and kv histories
 * over a few sessions and keys, and a builder for hand-written ones.
 *
 * Histories come from a tiny simulation of replicated registers: each session
 * talks to its own replica (or, in `shared` mode, all to one, which makes the
 * history linearizable); writes apply locally and reach other replicas by
 * delivery steps, in causal order (`causal`, `lww`) or in any order (`any`);
 * a replica shows the last write it applied, or in `lww` mode the write with
 * the highest timestamp (so replicas converge). In `noise` mode some reads
 * return an arbitrary value of their key, the initial value, or one never
 * written; in `random` mode every read returns any value of its key written
 * anywhere in the history (even later), or the initial value. Writes write distinct values; some are indeterminate (they take
 * effect or not), after which the session goes on under a new process (its
 * `session` field stays). Each operation takes effect at its step, inside
 * its interval [call, ret]; intervals of different sessions overlap.
 */
import fc from 'fast-check';
import type { Operation } from '../../../traces/history.js';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import type { Model } from '../../../spec/model.js';
import { registerModel } from '../../../spec/register.js';
import { kvModel } from '../../../spec/kv.js';

/** Shape of generated histories. */
export interface ConsistencyShape {
  /** At most this many operations (default 6). */
  readonly maxOps?: number;
  /** At most this many sessions (default 3, at least 2). */
  readonly maxSessions?: number;
  /** At most this many keys (default 2). */
  readonly maxKeys?: number;
  /** Whether some writes are indeterminate (default true). */
  readonly info?: boolean;
}

/** A generated history and the model it is for. */
export interface GeneratedHistory {
  readonly model: Model;
  readonly ops: Operation[];
}

/** How replicas behave in a generated history. */
export type ReplicaMode = 'shared' | 'causal' | 'lww' | 'any' | 'noise' | 'random';

interface Step {
  readonly deliver: boolean;
  readonly session: number;
  readonly write: boolean;
  readonly key: number;
  readonly pick: number;
  readonly before: number;
  readonly after: number;
  readonly info: boolean;
}

/** Small differentiated register or kv histories (reads and writes only). */
export function differentiatedHistoryArb(shape: ConsistencyShape = {}): fc.Arbitrary<GeneratedHistory> {
  const maxSessions = Math.max(2, shape.maxSessions ?? 3);
  const maxOps = shape.maxOps ?? 6;
  const maxKeys = Math.max(1, shape.maxKeys ?? 2);
  const step: fc.Arbitrary<Step> = fc.record({
    deliver: fc.boolean(),
    session: fc.nat({ max: maxSessions - 1 }),
    write: fc.boolean(),
    key: fc.nat({ max: maxKeys - 1 }),
    pick: fc.nat({ max: 99 }),
    before: fc.nat({ max: 6 }),
    after: fc.nat({ max: 6 }),
    info: shape.info === false ? fc.constant(false) : fc.nat({ max: 7 }).map((x) => x === 0),
  });
  return fc
    .record({
      kv: fc.boolean(),
      mode: fc.constantFrom<ReplicaMode>('shared', 'causal', 'lww', 'any', 'noise', 'random', 'random'),
      sessions: fc.integer({ min: 2, max: maxSessions }),
      keys: fc.integer({ min: 1, max: maxKeys }),
      steps: fc.array(step, { minLength: maxOps, maxLength: 3 * maxOps, size: 'max' }),
    })
    .map(({ kv, mode, sessions, keys, steps }) => {
      const folded = steps.map((st) => ({ ...st, session: st.session % sessions, key: st.key % keys }));
      return { model: (kv ? kvModel : registerModel) as Model, ops: simulate(kv, mode, folded, maxOps) };
    });
}

interface Done {
  readonly session: number;
  readonly write: boolean;
  readonly key: number;
  readonly value: JsonValue;
  readonly info: boolean;
  readonly at: number;
  readonly before: number;
  readonly after: number;
  readonly pick?: number;
}

function simulate(kv: boolean, mode: ReplicaMode, steps: readonly Step[], maxOps: number): Operation[] {
  const init: JsonValue = kv ? '' : null;
  const replicaOf = (s: number): number => (mode === 'shared' ? 0 : s);
  // Per replica: the writes it applied (ids into `writes`) and, per key, the write it shows.
  const applied = new Map<number, Set<number>>();
  const shows = new Map<string, number>();
  const writes: { key: number; value: JsonValue; deps: Set<number>; ts: number }[] = [];
  const apply = (rep: number, w: number): void => {
    const set = applied.get(rep) ?? new Set<number>();
    set.add(w);
    applied.set(rep, set);
    const slot = `${rep}:${writes[w]!.key}`;
    const cur = shows.get(slot);
    if (mode !== 'lww' || cur === undefined || writes[cur]!.ts < writes[w]!.ts) shows.set(slot, w);
  };
  const done: Done[] = [];
  steps.forEach((st, t) => {
    const rep = replicaOf(st.session);
    if (st.deliver) {
      if (mode === 'shared') return;
      const mine = applied.get(rep) ?? new Set<number>();
      const pending = writes.map((_, w) => w).filter((w) => !mine.has(w) && (mode === 'any' || mode === 'noise' || [...writes[w]!.deps].every((d) => mine.has(d))));
      if (pending.length > 0) apply(rep, pending[st.pick % pending.length]!);
      return;
    }
    if (done.length >= maxOps) return;
    if (st.write) {
      const value: JsonValue = kv ? `v${done.length}` : done.length + 1;
      const takesEffect = !st.info || st.pick % 2 === 0;
      if (takesEffect) {
        writes.push({ key: st.key, value, deps: new Set(applied.get(rep) ?? []), ts: st.pick });
        apply(rep, writes.length - 1);
      }
      done.push({ session: st.session, write: true, key: st.key, value, info: st.info, at: t, before: st.before, after: st.after });
      return;
    }
    const w = shows.get(`${rep}:${st.key}`);
    let value = w === undefined ? init : writes[w]!.value;
    if (mode === 'noise' && st.pick < 40) {
      const candidates = [init, ...writes.filter((x) => x.key === st.key).map((x) => x.value), kv ? 'never' : 99];
      value = candidates[st.pick % candidates.length]!;
    }
    done.push({ session: st.session, write: false, key: st.key, value, info: false, at: t, before: st.before, after: st.after, pick: st.pick });
  });
  if (mode !== 'random') return toOperations(kv, done);
  // Any value of the key written anywhere in the history (earlier or later), or the initial one.
  const resolved = done.map((d) => {
    if (d.write) return d;
    const candidates = [init, ...done.filter((x) => x.write && x.key === d.key).map((x) => x.value)];
    return { ...d, value: candidates[(d.pick ?? 0) % candidates.length]! };
  });
  return toOperations(kv, resolved);
}

/** Operations from the simulated steps: intervals around each step, event positions from times. */
function toOperations(kv: boolean, done: readonly Done[]): Operation[] {
  const keyName = (k: number): string | undefined => (kv ? `k${k}` : k === 0 ? undefined : `k${k}`);
  const lastRet = new Map<number, number>();
  const timed = done.map((d, i) => {
    const at = 8 * d.at + 4;
    const call = Math.max(at - d.before - 0.25, (lastRet.get(d.session) ?? -1) + 0.5);
    const ret = d.info ? Infinity : at + d.after + 0.25;
    lastRet.set(d.session, d.info ? call : ret); // after an info op the session goes on under a new process
    return { d, i, call, ret };
  });
  const evs: { t: number; ret: boolean; i: number }[] = [];
  for (const x of timed) {
    evs.push({ t: x.call, ret: false, i: x.i });
    if (x.ret !== Infinity) evs.push({ t: x.ret, ret: true, i: x.i });
  }
  evs.sort((a, b) => a.t - b.t || Number(b.ret) - Number(a.ret) || a.i - b.i);
  const pos = new Map<string, number>();
  evs.forEach((e, p) => pos.set(`${e.ret ? 'r' : 'c'}${e.i}`, p));
  const processes = new Map<number, number>();
  return [...timed]
    .sort((a, b) => pos.get(`c${a.i}`)! - pos.get(`c${b.i}`)!)
    .map(({ d, i }, id) => {
      const process = processes.get(d.session) ?? d.session;
      if (d.info) processes.set(d.session, process + 10);
      const call = pos.get(`c${i}`)!;
      const ret = d.info ? Infinity : pos.get(`r${i}`)!;
      const op: Operation & { session: number } = {
        id,
        process,
        session: d.session,
        f: d.write ? (kv ? 'put' : 'write') : kv ? 'get' : 'read',
        key: keyName(d.key),
        input: d.write ? d.value : null,
        output: d.info ? undefined : d.value,
        status: d.info ? 'info' : 'ok',
        call,
        ret,
        callLine: call + 1,
        retLine: d.info ? undefined : ret + 1,
      };
      return op;
    });
}

/** One hand-written operation: session, f, key (or null), value written or read, and optionally `info`. */
export type HandOp = readonly [session: number, f: string, key: string | null, value: JsonValue, status?: 'info'];

/**
 * Operations that run one after another in the order given (operation i
 * returns before i+1 is invoked), so real time is the list order; the
 * process is the session.
 */
export function sequentialHistory(...hand: HandOp[]): Operation[] {
  return hand.map(([session, f, key, value, status], id) => {
    const read = f === 'read' || f === 'get' || f === 'final-read';
    const info = status === 'info';
    return {
      id,
      process: session,
      f,
      key: key ?? undefined,
      input: read ? null : value,
      output: info ? undefined : value,
      status: info ? 'info' : 'ok',
      call: 2 * id,
      ret: info ? Infinity : 2 * id + 1,
      callLine: 2 * id + 1,
      retLine: info ? undefined : 2 * id + 2,
    };
  });
}
