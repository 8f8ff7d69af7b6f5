/**
 * A minimal witness for a non-linearizable (sub-)history: the shortest
 * non-linearizable prefix, cut at an event position (operations invoked before
 * the cut but completing after it become indeterminate: `info`, output
 * unknown), found by binary search — a longer prefix of a non-linearizable
 * prefix stays non-linearizable — and then with reads removed greedily while
 * it stays non-linearizable. Writes are never removed (removing one can create
 * a violation). Every probe is a bounded search; a probe that runs out of
 * steps counts as "not shown to violate", so the result always violates.
 */
import type { Operation } from '../../traces/history.js';
import { type Model, renumber } from '../../spec/model.js';
import { LinearizabilitySearch } from './search.js';

/** Limits of one minimization. */
export interface MinimizeLimits {
  /** Search steps for all probes together. */
  readonly maxSteps: number;
  /** Absolute `Date.now()` deadline, if any. */
  readonly deadline?: number | undefined;
}

/** The history cut before event position `cut`: later completions become unknown. */
export function prefixAt(ops: readonly Operation[], cut: number): Operation[] {
  const out: Operation[] = [];
  for (const op of ops) {
    if (op.call >= cut) continue;
    out.push(op.ret < cut ? op : { ...op, status: 'info', output: undefined, ret: Infinity, retLine: undefined });
  }
  return out;
}

/** Shrinks the non-linearizable `ops` (one partition, under `model`); returns the witness and the steps used. */
export function minimizeWitness(ops: readonly Operation[], model: Model, limits: MinimizeLimits): { ops: Operation[]; steps: number } {
  let steps = 0;
  const readOnly = (op: Operation): boolean => model.isReadOnly?.({ f: op.f, key: op.key, value: op.input }) === true;
  const violates = (h: readonly Operation[]): boolean => {
    const left = limits.maxSteps - steps;
    if (left <= 0 || (limits.deadline !== undefined && Date.now() >= limits.deadline)) return false;
    const search = new LinearizabilitySearch(h, model);
    let chunk = 0;
    while (search.status === 'running' && chunk < left) {
      chunk += search.run(Math.min(65536, left - chunk));
      if (limits.deadline !== undefined && Date.now() >= limits.deadline) break;
    }
    steps += search.steps;
    return search.status === 'violation';
  };

  // Indeterminate reads can never matter: drop them up front.
  let best: Operation[] = ops.filter((op) => op.status === 'ok' || !readOnly(op));
  const cuts = [...new Set(best.flatMap((op) => (op.ret === Infinity ? [op.call] : [op.call, op.ret])))].sort((a, b) => a - b);
  let lo = 0;
  let hi = cuts.length - 1; // the cut after the last event keeps everything
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = prefixAt(best, cuts[mid]! + 1);
    if (violates(p)) hi = mid;
    else lo = mid + 1;
  }
  if (cuts.length > 0) best = prefixAt(best, cuts[hi]! + 1).filter((op) => op.status === 'ok' || !readOnly(op));

  // Remove reads in chunks, halving the chunk size down to single reads (so the result is 1-minimal).
  const isRead = (op: Operation): boolean => op.status === 'ok' && readOnly(op);
  for (let size = Math.max(1, best.filter(isRead).length >> 1); ; size >>= 1) {
    const reads = best.filter(isRead);
    for (let end = reads.length; end > 0 && steps < limits.maxSteps; end -= size) {
      const drop = new Set(reads.slice(Math.max(0, end - size), end));
      const without = best.filter((op) => !drop.has(op));
      if (violates(without)) best = without;
    }
    if (size <= 1 || steps >= limits.maxSteps) break;
  }
  return { ops: renumber(best), steps };
}
