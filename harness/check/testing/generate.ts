/**
 * Test helper: large linearizable-by-construction kv histories. Clients pick a
 * key and an operation, and each operation takes effect atomically at a random
 * moment between its invocation and its completion; a small fraction never
 * completes (`info`, which may or may not have taken effect) and the client
 * continues under a new process id.
 */
import type { Operation } from '../../../traces/history.js';

/** Shape of a generated history. */
export interface KvGenOptions {
  readonly ops: number;
  readonly keys: number;
  readonly clients: number;
  readonly seed: number;
  /** Fraction of operations that never complete (default 0.001). */
  readonly infoRate?: number;
}

/** A small seeded PRNG (mulberry32) returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pending {
  id: number;
  f: 'get' | 'put' | 'append';
  key: string;
  value: string | null;
  applied: boolean;
  output: string | null;
  call: number;
}

/** A linearizable kv history of `opts.ops` operations, in invocation order. */
export function generateKvHistory(opts: KvGenOptions): Operation[] {
  const rnd = mulberry32(opts.seed);
  const infoRate = opts.infoRate ?? 0.001;
  const store = new Map<string, string>();
  const pending: (Pending | undefined)[] = new Array(opts.clients).fill(undefined);
  const process = Array.from({ length: opts.clients }, (_, i) => i);
  let nextProcess = opts.clients;
  const ops: Operation[] = [];
  let pos = 0;
  let invoked = 0;
  let open = 0;
  while (invoked < opts.ops || open > 0) {
    const c = Math.floor(rnd() * opts.clients);
    const p = pending[c];
    if (p === undefined) {
      if (invoked >= opts.ops) continue;
      const r = rnd();
      const f = r < 0.4 ? 'get' : r < 0.6 ? 'put' : 'append';
      const key = String(Math.floor(rnd() * opts.keys));
      const value = f === 'get' ? null : f === 'put' ? `p${process[c]}.${invoked}` : ` a${process[c]}.${invoked}`;
      pending[c] = { id: invoked++, f, key, value, applied: false, output: null, call: pos++ };
      open++;
    } else if (!p.applied) {
      const cur = store.get(p.key) ?? '';
      if (p.f === 'get') p.output = cur;
      else store.set(p.key, p.f === 'put' ? p.value! : cur + p.value!);
      p.applied = true;
    } else {
      const info = rnd() < infoRate;
      ops.push({
        id: p.id,
        process: process[c]!,
        f: p.f,
        key: p.key,
        input: p.value,
        output: info ? undefined : p.f === 'get' ? p.output : p.value,
        status: info ? 'info' : 'ok',
        call: p.call,
        ret: info ? Infinity : pos,
        callLine: p.call + 1,
        retLine: info ? undefined : pos + 1,
      });
      pos++;
      if (info) process[c] = nextProcess++;
      pending[c] = undefined;
      open--;
    }
  }
  return ops.sort((a, b) => a.id - b.id);
}
