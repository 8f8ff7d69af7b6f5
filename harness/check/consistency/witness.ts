/**
 * Witnesses of the consistency checkers other than linearizability: the
 * operations of the bad pattern, named as the definition names it, plus a
 * sub-history that violates the model on its own — and, by construction,
 * one whose violation implies the whole history's:
 *
 * - causal models and session guarantees: the sub-history starts as the
 *   operations of the causal paths that realize the pattern's edges, closed
 *   under read-from (every read keeps the write it read, or it would become a
 *   thin-air read). Session order and read-from between kept operations are
 *   those of the whole history, so its causal order is contained in the
 *   whole's, and these patterns only grow with the causal order.
 * - sequential: one key's operations, or all of them (a legal total order of
 *   the whole, restricted to one key, is legal for that key).
 *
 * Then operations are removed in halving chunks (delta debugging), a removal
 * kept when the fast checker still finds a violation, within a bounded number
 * of re-checks. For sequential consistency only reads: dropping a read keeps a
 * legal order legal, but a write may be what explains an earlier read (so
 * cutting a real-time suffix, as the linearizability witness does, is not
 * sound here). For the pattern models also writes, each with the reads that
 * read it, so the set stays closed under read-from and any pattern left is
 * one of the whole history. The result is the last sub-history a re-check
 * confirmed.
 */
import type { Operation } from '../../../traces/history.js';
import type { ModelVerdict } from '../../../spec/consistency/verdict.js';

/** Options of `minimizeSubHistory`. */
export interface MinimizeOptions {
  /** Re-checks allowed at most. */
  readonly maxTrials: number;
  /** The operations that may be removed. */
  readonly removable: (op: Operation) => boolean;
  /** The operations that must go with `op` (the reads of a write, so every kept read keeps its write). */
  readonly dependents?: (op: Operation) => readonly Operation[];
}

/**
 * Removes operations of `start` (never those in `keep`) while `stillViolates` holds; `start`
 * must violate. Returns a sub-history confirmed to violate.
 */
export function minimizeSubHistory(
  start: readonly Operation[],
  keep: ReadonlySet<Operation>,
  stillViolates: (sub: readonly Operation[]) => boolean,
  options: MinimizeOptions,
): readonly Operation[] {
  let current = start.slice();
  // Reads first: removing them never takes another operation along.
  let removable = current.filter((op) => !keep.has(op) && options.removable(op)).sort((a, b) => Number(options.dependents !== undefined && options.dependents(a).length > 0) - Number(options.dependents !== undefined && options.dependents(b).length > 0));
  let trials = 0;
  let chunk = Math.ceil(removable.length / 2);
  while (chunk >= 1 && removable.length > 0 && trials < options.maxTrials) {
    let removedAny = false;
    for (let at = 0; at < removable.length && trials < options.maxTrials; ) {
      const drop = new Set(removable.slice(at, at + chunk));
      for (const op of [...drop]) for (const d of options.dependents?.(op) ?? []) drop.add(d);
      if ([...drop].some((op) => keep.has(op))) {
        at += chunk;
        continue;
      }
      const candidate = current.filter((op) => !drop.has(op));
      trials++;
      if (stillViolates(candidate)) {
        current = candidate;
        removable = removable.filter((op) => !drop.has(op));
        removedAny = true;
      } else at += chunk;
    }
    if (!removedAny || chunk > removable.length) chunk = Math.floor(chunk / 2);
  }
  return current;
}

/** The violated verdict with the pattern's operations and the sub-history, each in invocation order. */
export function patternVerdict<M extends string>(model: M, pattern: string, patternOps: readonly Operation[], sub: readonly Operation[]): ModelVerdict<M> {
  const ops = [...new Set(patternOps)].sort((a, b) => a.call - b.call);
  const subHistory = [...new Set([...sub, ...ops])].sort((a, b) => a.call - b.call);
  const key = ops.length > 0 && ops.every((o) => o.key === ops[0]!.key) ? ops[0]!.key : undefined;
  return { verdict: `not-${model}`, witness: { key, pattern, ops, subHistory } };
}
