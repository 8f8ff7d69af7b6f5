/**
 * Linearizability by definition (Herlihy & Wing 1990), executed by brute
 * force: the oracle the fast checker in `harness/check/` is tested against.
 *
 * A history is linearizable iff some total order of a subset of its operations
 * contains every `ok` operation, may contain any `info` operation (it may or
 * may not have taken effect; its output is unknown), respects real time (if
 * `a.ret < b.call` then `a` precedes `b`) and is legal under the model from
 * `init()`. This file enumerates such orders depth first — no memo, no
 * pruning beyond legality, no splitting — so it is only for small histories
 * (about ten operations). When the model splits histories per key
 * (`partition`), the object is the product of the per-key objects, so the
 * search runs on the product state, over the whole history at once.
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';
import type { Operation } from '../traces/history.js';
import type { Model } from './model.js';

/** Whether `ops` is linearizable under `model`, decided by exhaustive search (small histories only). */
export function checkLinearizableReference(ops: readonly Operation[], model: Model): boolean {
  const { init, step } = productOf(ops, model);
  const n = ops.length;
  const done: boolean[] = new Array<boolean>(n).fill(false);
  let okLeft = ops.filter((op) => op.status === 'ok').length;

  // `op` may come next iff no operation still to be placed must precede it:
  // an unplaced ok operation that returned before `op` was called.
  const mayComeNext = (i: number): boolean => {
    const call = ops[i]!.call;
    for (let j = 0; j < n; j++) {
      const other = ops[j]!;
      if (!done[j] && other.status === 'ok' && other.ret < call) return false;
    }
    return true;
  };

  const search = (state: unknown): boolean => {
    if (okLeft === 0) return true; // the remaining info ops simply never took effect
    for (let i = 0; i < n; i++) {
      if (done[i] || !mayComeNext(i)) continue;
      const op = ops[i]!;
      const r = step(state, op);
      if (!r.legal) continue;
      done[i] = true;
      if (op.status === 'ok') okLeft--;
      const found = search(r.next);
      done[i] = false;
      if (op.status === 'ok') okLeft++;
      if (found) return true;
    }
    return false;
  };
  return search(init);
}

interface Stepper {
  readonly init: unknown;
  step(state: unknown, op: Operation): { legal: boolean; next: unknown };
}

/** The model itself, or the product of its per-key models when it partitions histories. */
function productOf(ops: readonly Operation[], model: Model): Stepper {
  const output = (op: Operation): JsonValue | undefined => (op.status === 'ok' ? op.output : undefined);
  const input = (op: Operation) => ({ f: op.f, key: op.key, value: op.input });
  if (model.partition === undefined) {
    return { init: model.init(), step: (s, op) => model.step(s, input(op), output(op)) };
  }
  const parts = model.partition(ops);
  const slot = new Map<string | undefined, number>();
  parts.forEach((p, i) => slot.set(p.key, i));
  return {
    init: parts.map((p) => p.model.init()),
    step(s, op) {
      const states = s as readonly unknown[];
      const i = slot.get(op.key)!;
      const r = parts[i]!.model.step(states[i], input(op), output(op));
      if (!r.legal) return { legal: false, next: s };
      const next = states.slice();
      next[i] = r.next;
      return { legal: true, next };
    },
  };
}
