/**
 * The consistency checkers the runner and the CLI use, by model name.
 *
 * Today every model but `linearizable` is judged by its definition in
 * spec/consistency (bad patterns on differentiated histories, polynomial; a
 * brute-force search for `sequential`), within size limits past which the
 * verdict is `unknown` with that reason — never a guess. Fast checkers replace
 * these one by one, each property-tested against its spec/ definition.
 */
import type { Operation } from '../../../traces/history.js';
import type { Model } from '../../../spec/model.js';
import { type ConsistencyModel, checkByDefinition } from '../../../spec/consistency/index.js';
import { type ModelVerdict, unknown } from '../../../spec/consistency/verdict.js';
import { checkOperationsSync } from '../linearizability.js';

/** Options of `checkConsistency`. */
export interface ConsistencyCheckOptions {
  /** The sequential specification of the object (register or kv for the causal models and session guarantees). */
  readonly model: Model;
  /** Search-step budget (linearizable, sequential); past it the verdict is `unknown`. */
  readonly maxSteps: number;
}

/** Histories larger than this are `unknown` for the pattern definitions until their fast checkers land (the causal order is a dense relation). */
const PATTERN_MAX_OPS = 2000;

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
      return checkByDefinition(name, ops, { model: options.model });
    case 'eventual':
      return checkByDefinition(name, ops, { model: options.model });
    default:
      if (ops.length > PATTERN_MAX_OPS) return unknown(`${ops.length} operations: more than the ${PATTERN_MAX_OPS} the ${name} definition judges`);
      return checkByDefinition(name, ops, { model: options.model });
  }
}
