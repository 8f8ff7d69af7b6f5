/**
 * Histories that are linearizable by construction, for benchmarks and checker
 * tests: C clients run against one atomic object. Each operation gets a random
 * invocation time, a linearization point after it and a return after that; the
 * object applies operations at their linearization points, in time order, so
 * the order of those points is a witness linearization and the outputs are
 * whatever the atomic object answered there (Herlihy & Wing 1990, §2).
 *
 * The simulation is a discrete-event loop over one pending event per client
 * (a binary heap keyed by time, ties broken by client), so it never sorts the
 * whole history and uses a few typed arrays besides the emitted operations.
 * Randomness comes only from the seeded xoroshiro128+ of `pure-rand`.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { History, Operation } from '../../traces/history.js';

/** What to generate. */
export interface GenHistoryOptions {
  /** `kv`: get/put/append on string keys; `register`: read/write/cas on small integers. */
  readonly model: 'kv' | 'register';
  /** Number of invocations (cas that fail are dropped, so a register history may hold fewer). */
  readonly ops: number;
  /** Keys "0".."keys-1" (default 10 for kv, 1 for register; a register with one key has no `key`). */
  readonly keys?: number;
  /** Concurrent clients (default 5). */
  readonly clients?: number;
  /** Fraction of operations that never return (`info`); each takes effect or not at random (default 0). */
  readonly infoRate?: number;
  /** The seed of the generator; the same options give the same history. */
  readonly seed: number;
}

// Operation kinds, as indexes into FS.
const GET = 0, PUT = 1, APPEND = 2, READ = 3, WRITE = 4, CAS = 5;
const FS = ['get', 'put', 'append', 'read', 'write', 'cas'] as const;
const OK = 0, INFO = 1, FAIL = 2;
// Client phases: the kind of its one pending event.
const INVOKE = 0, LINEARIZE = 1, RETURN = 2, IDLE = 3;

/** Generate a linearizable history (see the file comment); `ops` are in invocation order with dense ids. */
export function generateHistory(opts: GenHistoryOptions): History {
  const n = opts.ops;
  const C = Math.max(1, opts.clients ?? 5);
  const K = Math.max(1, opts.keys ?? (opts.model === 'kv' ? 10 : 1));
  const infoPpm = Math.round((opts.infoRate ?? 0) * 1_000_000);
  const rng = xoroshiro128plus(opts.seed | 0);
  const draw = (lo: number, hi: number): number => uniformInt(rng, lo, hi);
  const keyNames = Array.from({ length: K }, (_, k) => String(k));
  const keyed = opts.model === 'kv' || K > 1;

  // Per operation (indexed by invocation order).
  const kind = new Uint8Array(n), key = new Uint32Array(n), status = new Uint8Array(n);
  const proc = new Int32Array(n);
  const input: JsonValue[] = new Array<JsonValue>(n);
  const output: (JsonValue | undefined)[] = new Array<JsonValue | undefined>(n);
  // Invoke and return events in real-time order: id*2 (invoke) or id*2+1 (return).
  const log = new Int32Array(2 * n);
  let logLen = 0;

  // Per client.
  const phase = new Uint8Array(C), current = new Int32Array(C), seq = new Int32Array(C);
  const procOf = Int32Array.from({ length: C }, (_, c) => c);
  let nextProcess = C;
  const heap = new EventHeap(C);
  for (let c = 0; c < C; c++) heap.push(draw(0, 10), c);

  // The atomic object.
  const kvState: string[] = new Array<string>(K).fill('');
  const regState: (number | null)[] = new Array<number | null>(K).fill(null);

  let invoked = 0;
  while (heap.size > 0) {
    const [t, c] = heap.pop();
    switch (phase[c]) {
      case INVOKE: {
        if (invoked === n) { phase[c] = IDLE; continue; }
        const id = invoked++;
        const k = draw(0, K - 1);
        const r = draw(0, 99);
        let f: number;
        if (opts.model === 'kv') {
          // MIT 6.824 lab mix (Porcupine's kv histories): ~45% get, ~50% append, ~5% put.
          f = r < 45 ? GET : r < 95 ? APPEND : PUT;
          input[id] = f === GET ? null : `x ${c} ${seq[c]!++} y`;
        } else {
          f = r < 40 ? READ : r < 70 ? WRITE : CAS;
          input[id] = f === READ ? null : f === WRITE ? draw(0, 4) : [draw(0, 4), draw(0, 4)];
        }
        kind[id] = f; key[id] = k; proc[id] = procOf[c]!;
        status[id] = infoPpm > 0 && draw(0, 999_999) < infoPpm ? INFO : OK;
        log[logLen++] = id * 2;
        current[c] = id; phase[c] = LINEARIZE;
        heap.push(t + draw(0, 20), c);
        break;
      }
      case LINEARIZE: {
        const id = current[c]!;
        const info = status[id] === INFO;
        // An indeterminate operation takes effect or not, at random.
        if (!info || draw(0, 1) === 1) {
          const out = apply(kind[id]!, key[id]!, input[id]!);
          if (out === FAILED) { if (!info) status[id] = FAIL; } else if (!info) output[id] = out;
        }
        if (info) {
          // The client times out and carries on as a new process; no completion is recorded.
          procOf[c] = nextProcess++;
          phase[c] = INVOKE;
          heap.push(t + draw(20, 60), c);
        } else {
          phase[c] = RETURN;
          heap.push(t + draw(0, 20), c);
        }
        break;
      }
      case RETURN:
        log[logLen++] = current[c]! * 2 + 1;
        phase[c] = INVOKE;
        heap.push(t + draw(0, 10), c);
        break;
    }
  }

  function apply(f: number, k: number, v: JsonValue): JsonValue | typeof FAILED {
    switch (f) {
      case GET: return kvState[k]!;
      case PUT: kvState[k] = v as string; return v;
      case APPEND: kvState[k] = kvState[k]! + (v as string); return v;
      case READ: return regState[k]!;
      case WRITE: regState[k] = v as number; return v;
      default: {
        const [from, to] = v as [number, number];
        if (regState[k] !== from) return FAILED;
        regState[k] = to;
        return v;
      }
    }
  }

  // Positions count only the events of operations that are kept (failed cas are dropped).
  const call = new Float64Array(n), ret = new Float64Array(n).fill(Infinity);
  let pos = 0;
  for (let i = 0; i < logLen; i++) {
    const e = log[i]!, id = e >>> 1;
    if (status[id] === FAIL) continue;
    if ((e & 1) === 0) call[id] = pos++; else ret[id] = pos++;
  }
  const ops: Operation[] = [];
  let failed = 0;
  for (let id = 0; id < n; id++) {
    if (status[id] === FAIL) { failed++; continue; }
    const info = status[id] === INFO;
    ops.push({
      id: ops.length,
      process: proc[id]!,
      f: FS[kind[id]!]!,
      key: keyed ? keyNames[key[id]!] : undefined,
      input: input[id]!,
      output: info ? undefined : output[id],
      status: info ? 'info' : 'ok',
      call: call[id]!,
      ret: ret[id]!,
      callLine: call[id]! + 1,
      retLine: info ? undefined : ret[id]! + 1,
    });
  }
  const source = `generated:${opts.model}:ops=${n}:keys=${K}:clients=${C}:info=${opts.infoRate ?? 0}:seed=${opts.seed}`;
  return { source, ops, failed, annotations: [] };
}

const FAILED = Symbol('failed');

/** A min-heap of (time, client) pairs packed into one number, `time * C + client`. */
class EventHeap {
  private readonly a: number[] = [];
  constructor(private readonly clients: number) {}
  get size(): number { return this.a.length; }
  push(time: number, client: number): void {
    const a = this.a;
    let i = a.length;
    const v = time * this.clients + client;
    a.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!; i = p;
    }
    a[i] = v;
  }
  pop(): [number, number] {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const m = l + 1 < a.length && a[l + 1]! < a[l]! ? l + 1 : l;
        if (a[m]! >= last) break;
        a[i] = a[m]!; i = m;
      }
      a[i] = last;
    }
    const client = top % this.clients;
    return [(top - client) / this.clients, client];
  }
}

/**
 * The history as trace format v1 JSON lines (operation events only, in
 * real-time order; an `info` operation is left open, which readers treat as
 * `info`).
 */
export function* historyJsonlLines(ops: readonly Operation[]): Generator<string> {
  for (const [op, isReturn] of eventsInOrder(ops)) {
    const ev: Record<string, JsonValue> = { type: isReturn ? 'ok' : 'invoke', process: op.process, f: op.f };
    if (op.key !== undefined) ev['key'] = op.key;
    ev['value'] = isReturn ? (op.output ?? null) : op.input;
    yield JSON.stringify(ev);
  }
}

/** Write the history to `file` as trace format v1 JSON lines, streaming. */
export async function writeHistoryJsonl(ops: readonly Operation[], file: string): Promise<void> {
  function* chunks(): Generator<string> {
    let buf: string[] = [];
    for (const line of historyJsonlLines(ops)) {
      buf.push(line);
      if (buf.length === 4096) { yield buf.join('\n') + '\n'; buf = []; }
    }
    if (buf.length > 0) yield buf.join('\n') + '\n';
  }
  await pipeline(Readable.from(chunks()), createWriteStream(file));
}

/** Invoke and completion events sorted by position (a bucket array when positions are small integers). */
function* eventsInOrder(ops: readonly Operation[]): Generator<[Operation, boolean]> {
  let max = -1, integral = true;
  for (const op of ops) {
    const p = Math.max(op.call, op.ret === Infinity ? -1 : op.ret);
    if (!Number.isInteger(op.call) || op.call < 0 || !(Number.isInteger(op.ret) || op.ret === Infinity)) integral = false;
    else if (p > max) max = p;
  }
  if (integral && max < 4 * ops.length + 16) {
    const slot = new Int32Array(max + 1).fill(-1);
    ops.forEach((op, i) => {
      slot[op.call] = 2 * i;
      if (op.ret !== Infinity) slot[op.ret] = 2 * i + 1;
    });
    for (const e of slot) if (e >= 0) yield [ops[e >>> 1]!, (e & 1) === 1];
    return;
  }
  const events: [Operation, boolean, number][] = [];
  for (const op of ops) {
    events.push([op, false, op.call]);
    if (op.ret !== Infinity) events.push([op, true, op.ret]);
  }
  events.sort((a, b) => a[2] - b[2]);
  for (const [op, r] of events) yield [op, r];
}
