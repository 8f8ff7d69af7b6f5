/**
 * The witness of a violation as plain data (spec/check-result.ts): the
 * minimized sub-history, and — found by searching that sub-history itself —
 * its longest linearizable prefix, the operations that cannot come next and
 * the state they meet. Everything a witness lists is one of its own
 * operations, shown with the same status in every table: the witness is a
 * prefix of the history, so an operation that completed only after the cut
 * is indeterminate (`info`) wherever it appears, with a note saying where it
 * did complete.
 */
import type { Operation } from '../../traces/history.js';
import type { Model, Partition } from '../../spec/model.js';
import type { Witness, WitnessOp } from '../../spec/check-result.js';
import { LinearizabilitySearch, type BestPrefix } from './search.js';
import { quotientBase } from './quotient.js';

/** Limits of the search of the witness's own sub-history. */
export interface WitnessLimits {
  /** Search steps at most. */
  readonly maxSteps: number;
  /** Absolute `Date.now()` deadline, if any. */
  readonly deadline?: number | undefined;
}

/**
 * The witness for `ops` (a non-linearizable sub-history of `part`); `fallback` is the failing search's own best prefix;
 * `searched`, when given, is a finished search of exactly `ops` (minimization's last probe), which is then not repeated.
 */
export function buildWitness(
  part: Partition,
  ops: readonly Operation[],
  fallback: BestPrefix,
  limits: WitnessLimits,
  searched?: BestPrefix,
): { witness: Witness; steps: number } {
  const original = new Map<number, Operation>();
  for (const op of part.ops) original.set(op.call, op);
  const show = (op: Operation): WitnessOp => witnessOp(op, part.model, original.get(op.call));
  const { best, steps } = searched !== undefined ? { best: searched, steps: 0 } : searchOwn(ops, part.model, limits);
  // The failing search ran on the whole partition: keep only what the witness holds, as the witness holds it.
  const own = new Map<number, Operation>(ops.map((op) => [op.call, op]));
  const mine = (list: readonly Operation[]): Operation[] => list.flatMap((op) => own.get(op.call) ?? []);
  const b = best ?? { linearized: mine(fallback.linearized), stuck: mine(fallback.stuck), state: fallback.state };
  const state = b === best || b.linearized.length === fallback.linearized.length ? b.state : undefined;
  const witness: Witness = {
    key: part.key ?? null,
    ops: ops.map(show),
    pattern: 'no-linearization',
    linearized: b.linearized.map(show),
    stuck: b.stuck.map(show),
    state: state === undefined ? 'unknown (the witness search ran out of budget)' : clip(shownState(part.model, b.linearized, state)),
  };
  return { witness, steps };
}

/**
 * The state after `linearized`, as the partition's own model shows it. A search on a quotient (quotient.ts)
 * ends in the quotient's state, which may be a merged one (an append no get returns); the quotient allows
 * exactly the steps its base model allows, so the same order replayed on the base model gives the real value.
 */
function shownState(model: Model, linearized: readonly Operation[], state: unknown): string {
  const base = quotientBase(model);
  if (base === model) return model.showState(state);
  let s = base.init();
  for (const op of linearized) {
    const r = base.step(s, { f: op.f, key: op.key, value: op.input }, op.status === 'ok' ? op.output : undefined);
    if (!r.legal) return model.showState(state); // (cannot happen: the quotient allowed this step)
    s = r.next;
  }
  return base.showState(s);
}

/** A search of the witness's own operations, to its end within `limits`; `best` is undefined if it did not find the violation. */
function searchOwn(ops: readonly Operation[], model: Model, limits: WitnessLimits): { best: BestPrefix | undefined; steps: number } {
  if (limits.maxSteps <= 0) return { best: undefined, steps: 0 }; // (the witness is the searched partition: nothing to build)
  const search = new LinearizabilitySearch(ops, model);
  search.runFor(limits.maxSteps, limits.deadline);
  return { best: search.status === 'violation' ? search.best() : undefined, steps: search.steps };
}

/** One operation as a witness shows it; `source` is the same operation before the cut. */
export function witnessOp(op: Operation, model: Model, source: Operation | undefined): WitnessOp {
  const ok = op.status === 'ok';
  // Jepsen's convention: a completed read (invoked with nil) shows its result; anything else its input.
  const value = ok && op.input === null && op.output !== undefined ? op.output : op.input;
  const afterCut = !ok && source?.status === 'ok' && source.retLine !== undefined ? source.retLine : undefined;
  const lines = {
    invoke: op.callLine,
    complete: ok ? (op.retLine ?? null) : null,
    ...(afterCut !== undefined ? { completesAfterCut: afterCut } : {}),
    ...(source?.status === 'info' && source.retLine !== undefined ? { info: source.retLine } : {}),
  };
  return { process: op.process, f: op.f, key: op.key ?? null, value, status: op.status, lines, describe: model.describe(op) };
}

function clip(s: string): string {
  return s.length > 2000 ? `${s.slice(0, 2000)}… (${s.length} chars)` : s;
}

/** What the witness's operations are, as far as minimization showed it (a phrase, lower case). */
export function howMinimized(w: Witness): string {
  const m = w.minimized;
  if (m === undefined || m.status === 'minimal') return 'the shortest failing prefix, with every read that is not needed removed';
  if (m.status === 'none') return 'the whole history of this key, not minimized';
  return `a failing prefix, shortened as far as the step budget allowed (${m.undecided} ${m.undecided === 1 ? 'cut or read' : 'cuts or reads'} undecided), so a shorter prefix or fewer reads may still fail`;
}
