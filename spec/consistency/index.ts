/**
 * The consistency models quorate defines, by name, and how they are ordered.
 *
 * Strength (left implies right; every implication is property-tested in
 * ladder.test.ts):
 *
 *     linearizable ⇒ sequential ⇒ cm (alias causal) ⇒ cc
 *                    sequential ⇒ ccv ⇒ cc
 *
 * cm and ccv are incomparable (Bouajjani et al., POPL 2017, Fig. 2). Beside
 * the ladder: the four session guarantees (each implied by cc on the
 * differentiated histories they judge) and eventual consistency (judged on
 * final reads only, implied by nothing above: those say nothing of the end).
 *
 * Where each is defined: linearizable — spec/linearizability.ts; sequential —
 * sequential.ts; cc, cm, ccv — causal-definition.ts (brute force) and
 * causal-patterns.ts (bad patterns); session guarantees —
 * session-guarantees.ts; eventual — eventual.ts.
 */
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import { checkLinearizableReference } from '../linearizability.js';
import { checkSequential } from './sequential.js';
import { type CausalVariant, checkCausalByDefinition } from './causal-definition.js';
import { checkCausalByPatterns } from './causal-patterns.js';
import { type SessionGuarantee, checkSessionGuarantee } from './session-guarantees.js';
import { checkEventual } from './eventual.js';
import { type ModelVerdict, holds, violates } from './verdict.js';

export { CONSISTENCY_MODELS, type ConsistencyModel, CONSISTENCY_ALIASES, IMPLIES, consistencyModelNamed } from './names.js';
import type { ConsistencyModel } from './names.js';

/** Options of `checkByDefinition`. */
export interface DefinitionOptions {
  /** The sequential specification (register, kv, or a user's model for linearizable and sequential). */
  readonly model: Model;
}

/**
 * Checks `ops` against consistency model `name` by its definition in spec/:
 * causal variants by bad patterns on differentiated histories, by brute force
 * otherwise. Small histories only for the brute-force definitions.
 */
export function checkByDefinition(name: ConsistencyModel, ops: readonly Operation[], options: DefinitionOptions): ModelVerdict<ConsistencyModel> {
  switch (name) {
    case 'linearizable':
      return checkLinearizableReference(ops, options.model) ? holds(name) : violates(name, 'no-linearization', ops);
    case 'sequential':
      return checkSequential(ops, options);
    case 'cc':
    case 'cm':
    case 'ccv':
      return checkCausal(name, ops, options.model);
    case 'eventual':
      return checkEventual(ops, { model: options.model });
    default:
      return checkSessionGuarantee(name satisfies SessionGuarantee, ops, options);
  }
}

function checkCausal(variant: CausalVariant, ops: readonly Operation[], model: Model): ModelVerdict<ConsistencyModel> {
  const byPatterns = checkCausalByPatterns(variant, ops, { model });
  if (byPatterns.verdict !== 'unknown' || !byPatterns.reason.includes('not differentiated')) return byPatterns;
  return checkCausalByDefinition(variant, ops, { model });
}
