/**
 * Serializations for the brute-force definitions: whether some total order
 * of a set of operations, extending a given strict partial order, is legal
 * under the sequential model when only some operations' outputs are checked
 * (the others' outputs hidden: `model.step` gets `undefined`). This is the
 * `ρ{O'}` of Bouajjani et al. (POPL 2017, §3): a sequence whose outputs
 * outside `O'` are hidden. Exhaustive depth-first search over linear
 * extensions, memoized on (placed set, state) — small histories only.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import type { Relation } from './relations.js';

/** A model stepped one operation at a time: the model itself, or the product of its per-key models. */
export interface Stepper {
  readonly init: unknown;
  /** Apply `op`; its output is checked iff `checked`. */
  step(state: unknown, op: Operation, checked: boolean): { readonly legal: boolean; readonly next: unknown };
}

/** The stepper for `ops` under `model` (the product of per-key models when it partitions). */
export function stepperOf(ops: readonly Operation[], model: Model): Stepper {
  const output = (op: Operation, checked: boolean): JsonValue | undefined => (checked && op.status === 'ok' ? op.output : undefined);
  const input = (op: Operation) => ({ f: op.f, key: op.key, value: op.input });
  if (model.partition === undefined) {
    return { init: model.init(), step: (s, op, checked) => model.step(s, input(op), output(op, checked)) };
  }
  const parts = model.partition(ops);
  const slot = new Map<string | undefined, number>();
  parts.forEach((p, i) => slot.set(p.key, i));
  return {
    init: parts.map((p) => p.model.init()),
    step(s, op, checked) {
      const states = s as readonly unknown[];
      const i = slot.get(op.key)!;
      const r = parts[i]!.model.step(states[i], input(op), output(op, checked));
      if (!r.legal) return { legal: false, next: s };
      const next = states.slice();
      next[i] = r.next;
      return { legal: true, next };
    },
  };
}

/**
 * Whether the operations `members` (indices into `ops`) have a total order
 * extending `order` (restricted to them) that is legal from `stepper.init`
 * with only the outputs of `checked` checked.
 */
export function serializable(ops: readonly Operation[], members: readonly number[], order: Relation, checked: ReadonlySet<number>, stepper: Stepper): boolean {
  const n = members.length;
  // preds[k]: bitmask (over positions in `members`) of the members that must come before members[k].
  const preds = members.map((b) => members.reduce((mask, a, k) => (order[a]![b] ? mask | (1 << k) : mask), 0));
  const full = (1 << n) - 1;
  const failed = new Set<string>();
  const search = (placed: number, state: unknown): boolean => {
    if (placed === full) return true;
    const memo = `${placed}:${JSON.stringify(state)}`;
    if (failed.has(memo)) return false;
    for (let k = 0; k < n; k++) {
      if (placed & (1 << k) || (preds[k]! & placed) !== preds[k]) continue;
      const i = members[k]!;
      const r = stepper.step(state, ops[i]!, checked.has(i));
      if (r.legal && search(placed | (1 << k), r.next)) return true;
    }
    failed.add(memo);
    return false;
  };
  return search(0, stepper.init);
}
