/**
 * The consistency checkers the runner and the CLI use, by model name: the
 * fast checker of each model, property-tested against its definition in
 * spec/consistency (the oracle):
 *
 * - linearizable: the Wing–Gong/Lowe search (../linearizability.ts);
 * - sequential: the ladder's sound shortcuts (a cc bad pattern refutes it,
 *   linearizability confirms it), then a session-ordered search
 *   (sequential.ts), `unknown` past the step budget;
 * - cc, cm, ccv: bad patterns over vector clocks (causal.ts), differentiated histories only;
 * - the four session guarantees: one sweep per session (session.ts), skipped
 *   when cc's read patterns are absent (each guarantee's pattern implies one);
 * - eventual: final reads, linear (eventual.ts).
 *
 * A violation's witness is the pattern's operations plus a sub-history that
 * still violates the model on its own (witness.ts): built from the pattern's
 * causal paths, closed under read-from, minimized while it still violates,
 * and re-checked before it is returned. (Cutting a real-time suffix, as the
 * linearizability witness does, is not sound here: a later write may be what
 * explains an earlier read.)
 */
import type { Operation } from '../../../traces/history.js';
import type { Model } from '../../../spec/model.js';
import type { ConsistencyModel } from '../../../spec/consistency/index.js';
import type { SessionGuarantee } from '../../../spec/consistency/session-guarantees.js';
import { checkSessionGuarantee } from '../../../spec/consistency/session-guarantees.js';
import { accessOf } from '../../../spec/consistency/relations.js';
import type { CausalVariant } from '../../../spec/consistency/causal-definition.js';
import { type ModelVerdict, holds, unknown } from '../../../spec/consistency/verdict.js';
import { checkOperationsSync } from '../linearizability.js';
import { findCausal, type FoundPattern } from './causal.js';
import { findSessionViolation } from './session.js';
import { checkEventualFast } from './eventual.js';
import { searchSequential } from './sequential.js';
import { type CausalView } from './view.js';
import { minimizeSubHistory, patternVerdict } from './witness.js';

/** Options of `checkConsistency`. */
export interface ConsistencyCheckOptions {
  /** The sequential specification of the object (register or kv for the causal models and session guarantees). */
  readonly model: Model;
  /** Search-step budget (linearizable, sequential); past it the verdict is `unknown`. */
  readonly maxSteps: number;
  /** Build a minimized, re-checked witness sub-history on violation (default true). */
  readonly minimize?: boolean;
}

/** Checks `ops` against consistency model `name`. */
export function checkConsistency(name: ConsistencyModel, ops: readonly Operation[], options: ConsistencyCheckOptions): ModelVerdict<ConsistencyModel> {
  switch (name) {
    case 'linearizable': {
      const r = checkOperationsSync(ops, options.model, { maxSteps: options.maxSteps });
      if (r.verdict === 'linearizable') return { verdict: 'linearizable' };
      if (r.verdict === 'unknown') return unknown(r.reason);
      const byLine = new Map(ops.map((o) => [o.callLine, o]));
      const witnessOps = r.witness.ops.map((w) => byLine.get(w.lines.invoke)).filter((o): o is Operation => o !== undefined);
      return { verdict: 'not-linearizable', witness: { key: r.witness.key ?? undefined, pattern: 'no-linearization', ops: witnessOps } };
    }
    case 'sequential':
      return checkSequentialFast(ops, options);
    case 'eventual':
      return checkEventualFast(ops);
    case 'cc':
    case 'cm':
    case 'ccv':
      return checkCausalFast(name, ops, options);
    default:
      return checkSessionFast(name, ops, options);
  }
}

/** Linearizability steps the sequential check spends, at most, on the shortcut "linearizable ⇒ sequential". */
const LINEARIZABLE_SHORTCUT_STEPS = 500_000;

/**
 * Sequential consistency: first the two sound shortcuts of the ladder — a differentiated history
 * with a cc bad pattern is not sequential (sequential ⇒ cc; the witness is cc's, named by its
 * pattern), a linearizable one is — then the search; a violation's witness is the history with
 * reads removed while it stays unsequential.
 */
function checkSequentialFast(ops: readonly Operation[], options: ConsistencyCheckOptions): ModelVerdict<ConsistencyModel> {
  const cc = findCausal('cc', ops, options.model);
  if ('found' in cc && cc.found !== undefined) {
    const stillViolates = (sub: readonly Operation[]): boolean => {
      const again = findCausal('cc', sub, options.model);
      return 'found' in again && again.found !== undefined;
    };
    return witnessOf('sequential', cc.view, cc.found, stillViolates, options, 64);
  }
  const lin = checkOperationsSync(ops, options.model, { maxSteps: Math.min(options.maxSteps, LINEARIZABLE_SHORTCUT_STEPS), minimize: false });
  if (lin.verdict === 'linearizable') return holds('sequential');
  const r = searchSequential(ops, options.model, Math.max(1, options.maxSteps - lin.stats.steps));
  if (r.verdict === 'unknown') return unknown(r.reason);
  if (r.verdict === 'sequential') return holds('sequential');
  const perTrial = Math.max(1000, Math.min(options.maxSteps, 4 * r.steps + 1000));
  const stillViolates = (sub: readonly Operation[]): boolean => searchSequential(sub, options.model, perTrial).verdict === 'violation';
  if (options.minimize === false) return patternVerdict('sequential', 'no-legal-total-order', ops, ops);
  // Sound reductions only: the group of sessions and keys with no legal order, dropping reads (a
  // legal order stays legal without them) and projecting onto one key (a legal order of the whole, restricted to a key, is legal for that key). Dropping
  // a write is not: a write may be what explains a read.
  let start: readonly Operation[] = r.group ?? ops;
  const keys = [...new Set(start.map((op) => op.key))];
  if (keys.length > 1) {
    for (const key of keys.slice(0, 64)) {
      const mine = start.filter((op) => op.key === key);
      if (stillViolates(mine)) {
        start = mine;
        break;
      }
    }
  }
  const sub = minimizeSubHistory(start, new Set(), stillViolates, { maxTrials: 48, removable: (op) => options.model.isReadOnly?.({ f: op.f, key: op.key, value: op.input }) === true });
  return patternVerdict('sequential', 'no-legal-total-order', sub, sub);
}

function checkCausalFast(variant: CausalVariant, ops: readonly Operation[], options: ConsistencyCheckOptions): ModelVerdict<ConsistencyModel> {
  const f = findCausal(variant, ops, options.model);
  if ('reason' in f) return unknown(f.reason);
  if (f.found === undefined) return holds(variant);
  const stillViolates = (sub: readonly Operation[]): boolean => {
    const again = findCausal(variant, sub, options.model);
    return 'found' in again && again.found !== undefined;
  };
  return witnessOf(variant, f.view, f.found, stillViolates, options, variant === 'cm' ? 24 : 64);
}

function checkSessionFast(g: SessionGuarantee, ops: readonly Operation[], options: ConsistencyCheckOptions): ModelVerdict<ConsistencyModel> {
  const f = findSessionViolation(g, ops, options.model);
  if ('reason' in f) return unknown(f.reason);
  const stillViolates = (sub: readonly Operation[]): boolean => {
    const again = findSessionViolation(g, sub, options.model);
    return 'byDefinition' in again ? !again.byDefinition : 'found' in again && again.found !== undefined;
  };
  if ('byDefinition' in f) {
    if (f.byDefinition) return holds(g);
    const byDefinition = checkSessionGuarantee(g, ops, { model: options.model });
    if (!('witness' in byDefinition)) return byDefinition;
    const reads = new Set(ops.filter((op) => accessOf(op) === 'read'));
    const sub = options.minimize === false ? ops : minimizeSubHistory(ops, new Set(byDefinition.witness.ops), stillViolates, { maxTrials: 32, removable: (op) => reads.has(op) });
    return patternVerdict(g, byDefinition.witness.pattern, byDefinition.witness.ops, sub);
  }
  if (f.found === undefined) return holds(g);
  return witnessOf(g, f.view, f.found, stillViolates, options, 64);
}

/** The verdict for a pattern found in `view`: its operations and a minimized sub-history that still violates. */
function witnessOf(
  name: ConsistencyModel,
  view: CausalView,
  found: FoundPattern,
  stillViolates: (sub: readonly Operation[]) => boolean,
  options: ConsistencyCheckOptions,
  maxTrials: number,
): ModelVerdict<ConsistencyModel> {
  const patternOps = found.ops.map((i) => view.ops[i]!);
  if (options.minimize === false) return patternVerdict(name, found.pattern, patternOps, view.ops);
  // The core, closed under read-from: every read keeps the write it read.
  const core = new Set<number>(found.core);
  for (const i of [...core]) if (view.rf[i]! >= 0) core.add(view.rf[i]!);
  let start: readonly Operation[] = [...core].sort((a, b) => a - b).map((i) => view.ops[i]!);
  if (!stillViolates(start)) start = view.ops; // never expected: the whole view violates
  const keep = new Set(patternOps);
  // Each write goes with the reads that read it: the sub-history stays closed under read-from.
  const readers = new Map<Operation, Operation[]>();
  for (let i = 0; i < view.n; i++) {
    const w = view.rf[i]!;
    if (w < 0) continue;
    const list = readers.get(view.ops[w]!) ?? [];
    list.push(view.ops[i]!);
    readers.set(view.ops[w]!, list);
  }
  const sub = minimizeSubHistory(start, keep, stillViolates, { maxTrials, removable: () => true, dependents: (op) => readers.get(op) ?? [] });
  return patternVerdict(name, found.pattern, patternOps, sub);
}
