/**
 * Witnesses of the consistency checkers other than linearizability: the
 * operations of the bad pattern, named as the definition names it, plus a
 * sub-history that violates the model on its own.
 *
 * Minimization removes reads only, in halving chunks (delta debugging),
 * keeping a removal when the fast checker still finds a violation in what is
 * left, within a bounded number of re-checks. Writes stay, so every kept
 * read still reads from a kept write, and session order and read-from
 * between kept operations are those of the whole history (session order is
 * real-time order within a session). The result is the last sub-history a
 * re-check confirmed.
 */
import type { Operation } from '../../../traces/history.js';
import type { ModelVerdict } from '../../../spec/consistency/verdict.js';

/** Options of `minimizeSubHistory`. */
export interface MinimizeOptions {
  /** Re-checks allowed at most. */
  readonly maxTrials: number;
  /** The operations that may be removed (reads). */
  readonly readOnly: (op: Operation) => boolean;
}

/**
 * Removes reads of `start` (never those in `keep`) while `stillViolates`
 * holds; `start` must violate. Returns a sub-history confirmed to violate.
 */
export function minimizeSubHistory(
  start: readonly Operation[],
  keep: ReadonlySet<Operation>,
  stillViolates: (sub: readonly Operation[]) => boolean,
  options: MinimizeOptions,
): readonly Operation[] {
  let current = start.slice();
  let removable = current.filter((op) => !keep.has(op) && options.readOnly(op));
  let trials = 0;
  let chunk = Math.ceil(removable.length / 2);
  while (chunk >= 1 && removable.length > 0 && trials < options.maxTrials) {
    let removedAny = false;
    for (let at = 0; at < removable.length && trials < options.maxTrials; ) {
      const drop = new Set(removable.slice(at, at + chunk));
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
