/**
 * Causal consistency by definition, in the three variants of Bouajjani,
 * Enea, Guerraoui and Hamza, "On verifying causal consistency" (POPL 2017,
 * §3), executed by brute force over causal orders: the oracle for
 * causal-patterns.ts and for fast causal checkers. Read/write registers only
 * (register read/write, kv get/put, per key); `cas`/`append` are `unknown`.
 *
 * A causal order `CO` is a strict partial order on the operations containing
 * session order; `past(o) = {o} ∪ {a | a CO o}`. With `ρ{O'}` a sequence whose
 * outputs outside `O'` are hidden (serialization.ts):
 *
 * - cc  (causal consistency): ∃ CO. ∀ o. some linear extension of CO on
 *   past(o) is legal with only o's output checked (AxCausalValue).
 * - cm  (causal memory, Ahamad et al. 1995; alias `causal`): ∃ CO. ∀ o. some
 *   linear extension of CO on past(o) is legal with the outputs of o and of
 *   its session predecessors checked (AxCausalSeq).
 * - ccv (causal convergence): ∃ CO. ∃ total order arb ⊇ CO. ∀ o. the
 *   sequence past(o) in arb order is legal with only o's output checked
 *   (AxCausalArb): every read returns the arb-last write of its key in its
 *   causal past. Only arb on writes matters (reads change no state), and any
 *   total order of the writes extending CO on writes extends to one on all
 *   operations, so arb ranges over orders of the writes.
 *
 * Indeterminate operations: reads are dropped (no output, no effect); the
 * definition holds iff it holds with some subset of the `info` writes
 * included (an `info` write may or may not have taken effect). `CO` ranges
 * over causal-orders.ts's `writeVisibilityOrders` (complete, argued there) or,
 * with `orders: 'all'`, over every strict partial order (tiny histories).
 *
 * Forbids (cc): a read no causally consistent view of its causal past explains.
 * Forbids (cm): a session whose reads no single view of its causal past explains.
 * Forbids (ccv): reads that no one arbitration order of all writes explains.
 */
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import { type Relation, accessOf, sessionPrecedes, unsupportedReason } from './relations.js';
import { type Stepper, serializable, stepperOf } from './serialization.js';
import { allCausalOrders, writeVisibilityOrders } from './causal-orders.js';
import { type ModelVerdict, holds, unknown, violates } from './verdict.js';

/** The three causal variants. */
export type CausalVariant = 'cc' | 'cm' | 'ccv';

/** Options of the brute-force causal definitions. */
export interface CausalDefinitionOptions {
  /** The sequential specification of the register (register or kv). */
  readonly model: Model;
  /** Which causal orders to enumerate (default `write-visibility`; `all` is exact by construction, tiny histories only). */
  readonly orders?: 'write-visibility' | 'all';
  /** Histories with more reads and writes are `unknown` (default 9): the search is exponential. */
  readonly maxOps?: number;
}

/** Causal consistency (CC) by definition. */
export const checkCcByDefinition = (ops: readonly Operation[], options: CausalDefinitionOptions): ModelVerdict<'cc'> => checkCausalByDefinition('cc', ops, options);

/** Causal memory (CM) by definition. */
export const checkCmByDefinition = (ops: readonly Operation[], options: CausalDefinitionOptions): ModelVerdict<'cm'> => checkCausalByDefinition('cm', ops, options);

/** Causal convergence (CCv) by definition. */
export const checkCcvByDefinition = (ops: readonly Operation[], options: CausalDefinitionOptions): ModelVerdict<'ccv'> => checkCausalByDefinition('ccv', ops, options);

/** Whether `ops` satisfies causal `variant`, by exhaustive search over causal orders (and arbitrations). */
export function checkCausalByDefinition<V extends CausalVariant>(variant: V, ops: readonly Operation[], options: CausalDefinitionOptions): ModelVerdict<V> {
  const reason = unsupportedReason(ops);
  if (reason !== undefined) return unknown(reason);
  const base = ops.filter((op) => op.status === 'ok');
  const info = ops.filter((op) => op.status === 'info' && accessOf(op) === 'write');
  const maxOps = options.maxOps ?? 9;
  if (base.length + info.length > maxOps) return unknown(`${base.length + info.length} reads and writes: too many for the brute-force ${variant} definition (at most ${maxOps})`);
  const orders = options.orders === 'all' ? allCausalOrders : writeVisibilityOrders;
  for (let subset = 0; subset < 2 ** info.length; subset++) {
    const view = [...base, ...info.filter((_, k) => Math.floor(subset / 2 ** k) % 2 === 1)].sort((a, b) => a.call - b.call);
    const stepper = stepperOf(view, options.model);
    for (const co of orders(view)) if (AXIOMS[variant](view, co, stepper)) return holds(variant);
  }
  return violates(variant, 'no-causal-order', [...base, ...info]);
}

/** The operations in the causal past of `o` under the closed order `co`, `o` included. */
const pastOf = (co: Relation, o: number): number[] => co.map((_, a) => a).filter((a) => a === o || co[a]![o]);

/** The axiom each variant adds to "CO is a strict partial order containing session order". */
const AXIOMS: Readonly<Record<CausalVariant, (view: readonly Operation[], co: Relation, stepper: Stepper) => boolean>> = {
  cc: (view, co, stepper) => view.every((op, o) => accessOf(op) !== 'read' || serializable(view, pastOf(co, o), co, new Set([o]), stepper)),
  cm: (view, co, stepper) =>
    view.every((op, o) => {
      const checked = new Set(view.map((_, a) => a).filter((a) => a === o || sessionPrecedes(view[a]!, op)));
      return serializable(view, pastOf(co, o), co, checked, stepper);
    }),
  ccv: (view, co, stepper) => {
    const writes = view.map((_, i) => i).filter((i) => accessOf(view[i]!) === 'write');
    for (const arb of linearExtensions(writes, co)) {
      const explained = view.every((op, o) => {
        if (accessOf(op) !== 'read') return true;
        let state = stepper.init;
        for (const w of arb) if (co[w]![o]) state = stepper.step(state, view[w]!, false).next;
        return stepper.step(state, op, true).legal;
      });
      if (explained) return true;
    }
    return false;
  },
};

/** Every total order of `items` extending `order`. */
function* linearExtensions(items: readonly number[], order: Relation): Generator<number[]> {
  if (items.length === 0) {
    yield [];
    return;
  }
  for (const x of items) {
    if (items.some((y) => y !== x && order[y]![x])) continue;
    const rest = items.filter((y) => y !== x);
    for (const tail of linearExtensions(rest, order)) yield [x, ...tail];
  }
}
