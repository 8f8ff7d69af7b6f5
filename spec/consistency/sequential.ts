/**
 * Sequential consistency by definition (Lamport 1979, "How to make a
 * multiprocessor computer that correctly executes multiprocess programs"),
 * executed by brute force: the oracle for fast sequential-consistency checkers.
 *
 * A history is sequential iff some total order of its operations — every `ok`
 * operation, plus any subset of its indeterminate (`info`) ones — respects
 * each session's order (relations.ts: `a` before `b` when same session and
 * `a` returned before `b` was invoked; an indeterminate operation precedes
 * nothing, so it may take effect any time after its session predecessors)
 * and is legal under the model from `init()` (`model.step`, `info` outputs
 * unchecked). Unlike linearizability it ignores real time across sessions.
 * When the model splits histories per key, the search runs on the product of
 * the per-key models: sequential consistency is not compositional.
 *
 * Forbids: any history whose sessions cannot be interleaved into one legal sequential run.
 */
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import { sessionPrecedes } from './relations.js';
import { stepperOf } from './serialization.js';
import { type ModelVerdict, holds, unknown, violates } from './verdict.js';

/** Options of the brute-force sequential-consistency definition. */
export interface SequentialOptions {
  /** The sequential specification (register, kv, or a user's model). */
  readonly model: Model;
  /** Histories with more operations are `unknown` (default 24): the search is exponential. */
  readonly maxOps?: number;
}

/** Whether `ops` is sequentially consistent under `options.model`, decided by exhaustive search. */
export function checkSequential(ops: readonly Operation[], options: SequentialOptions): ModelVerdict<'sequential'> {
  const n = ops.length;
  if (n > (options.maxOps ?? 24)) return unknown(`${n} operations: too many for the brute-force sequential definition (at most ${options.maxOps ?? 24})`);
  const stepper = stepperOf(ops, options.model);
  // before[i]: bitmask of the operations that must be placed before op i (its session predecessors).
  const before = ops.map((b) => ops.reduce((mask, a, k) => (sessionPrecedes(a, b) ? mask | (2 ** k) : mask), 0));
  const okMask = ops.reduce((mask, op, k) => (op.status === 'ok' ? mask + 2 ** k : mask), 0);
  const failed = new Set<string>();
  const bit = (placed: number, k: number): boolean => Math.floor(placed / 2 ** k) % 2 === 1;
  const covers = (placed: number, mask: number): boolean => ops.every((_, k) => !bit(mask, k) || bit(placed, k));

  const search = (placed: number, state: unknown): boolean => {
    if (covers(placed, okMask)) return true; // the remaining info operations never took effect
    const memo = `${placed}:${JSON.stringify(state)}`;
    if (failed.has(memo)) return false;
    for (let k = 0; k < n; k++) {
      if (bit(placed, k) || !covers(placed, before[k]!)) continue;
      const r = stepper.step(state, ops[k]!, true);
      if (r.legal && search(placed + 2 ** k, r.next)) return true;
    }
    failed.add(memo);
    return false;
  };
  return search(0, stepper.init) ? holds('sequential') : violates('sequential', 'no-legal-total-order', ops);
}
