/**
 * Large differentiated register or kv histories for benchmarks: `sessions`
 * clients against one linearizable store over `keys` keys, each operation
 * taking effect at one point inside its interval, clients overlapping, every
 * write a fresh value. Every consistency model holds on them (linearizable ⇒
 * sequential ⇒ cm, ccv ⇒ cc ⇒ the session guarantees), so a checker must
 * read the whole history: no early exit on a violation. Optional final reads
 * (`f: "final-read"`, one per key) return each key's last value. Seeded.
 */
import type { Operation } from '../../../traces/history.js';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import { Rng } from '../../sim/rng.js';

/** Shape of a generated history. */
export interface SharedStoreShape {
  readonly ops: number;
  readonly sessions: number;
  readonly keys: number;
  readonly seed: number;
  readonly kind: 'kv' | 'register';
  /** Append one final read per key after the quiet period (default false). */
  readonly finalReads?: boolean;
}

/** The history, operations in invocation order with positions and lines of its event order. */
export function sharedStoreHistory(shape: SharedStoreShape): Operation[] {
  const rng = new Rng(shape.seed, 'shared-store-history');
  const kv = shape.kind === 'kv';
  const keyName = (k: number): string => `k${k}`;
  const store: JsonValue[] = new Array(shape.keys).fill(kv ? '' : null);
  type Flight = { op: { -readonly [K in keyof Operation]: Operation[K] }; applied: boolean };
  const flight: (Flight | undefined)[] = new Array(shape.sessions).fill(undefined);
  const ops: Operation[] = [];
  let pos = 0;
  let written = 0;
  const end = (): boolean => ops.length >= shape.ops && flight.every((f) => f === undefined);
  while (!end()) {
    const s = rng.nextInt(0, shape.sessions - 1);
    const fl = flight[s];
    if (fl === undefined) {
      if (ops.length >= shape.ops) continue;
      const k = rng.nextInt(0, shape.keys - 1);
      const write = rng.nextInt(0, 1) === 0;
      const value: JsonValue = write ? (kv ? `v${++written}` : ++written) : null;
      const op = { id: ops.length, process: s, f: write ? (kv ? 'put' : 'write') : kv ? 'get' : 'read', key: keyName(k), input: value, output: undefined as JsonValue | undefined, status: 'ok' as const, call: pos, ret: Infinity, callLine: pos + 1, retLine: undefined as number | undefined };
      pos++;
      ops.push(op);
      flight[s] = { op, applied: false };
    } else if (!fl.applied) {
      fl.applied = true;
      const k = Number(fl.op.key!.slice(1));
      if (fl.op.input !== null) store[k] = fl.op.input;
      fl.op.output = fl.op.input !== null ? fl.op.input : store[k];
    } else {
      fl.op.ret = pos;
      fl.op.retLine = pos + 1;
      pos++;
      flight[s] = undefined;
    }
  }
  if (shape.finalReads === true) {
    for (let k = 0; k < shape.keys; k++) {
      ops.push({ id: ops.length, process: `final-${k}`, f: 'final-read', key: keyName(k), input: null, output: store[k], status: 'ok', call: pos, ret: pos + 1, callLine: pos + 1, retLine: pos + 2 });
      pos += 2;
    }
  }
  return ops;
}

/** The history as JSON Lines events (trace format v1), one string per line. */
export function* historyLines(ops: readonly Operation[]): Generator<string> {
  const events: { pos: number; line: string }[] = [];
  for (const op of ops) {
    events.push({ pos: op.call, line: JSON.stringify({ type: 'invoke', process: op.process, f: op.f, key: op.key, value: op.input }) });
    if (op.status === 'ok') events.push({ pos: op.ret, line: JSON.stringify({ type: 'ok', process: op.process, f: op.f, key: op.key, value: op.output }) });
  }
  events.sort((a, b) => a.pos - b.pos);
  for (const e of events) yield e.line;
}
