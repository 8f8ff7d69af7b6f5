/**
 * The verdict vocabulary of the consistency-model definitions (DESIGN.md,
 * "Verdicts"): a model's name when the history satisfies it, `not-` and the
 * name with a witness when it does not, `unknown` with a reason when the
 * definition cannot judge the history (an operation it does not speak of, a
 * history too large for a brute-force definition, no final reads marked).
 */
import type { Operation } from '../../traces/history.js';

/** Evidence against a model: the key, the operations forming the pattern, and the pattern's name. */
export interface PatternWitness {
  /** The key the pattern is about (`undefined`: several keys or an unkeyed register). */
  readonly key: string | undefined;
  /** The named pattern (e.g. `WriteCORead`) or, for a brute-force definition, what no order could satisfy. */
  readonly pattern: string;
  /** The operations forming the pattern, in invocation order. */
  readonly ops: readonly Operation[];
  /**
   * A sub-history that still violates the model on its own (re-checked), the pattern's operations
   * among it: what a fast checker prints as the witness (harness/check/consistency). Absent: `ops`.
   */
  readonly subHistory?: readonly Operation[];
}

/** The outcome of checking one history against the model named `M`. */
export type ModelVerdict<M extends string> =
  | { readonly verdict: M }
  | { readonly verdict: `not-${M}`; readonly witness: PatternWitness }
  | { readonly verdict: 'unknown'; readonly reason: string };

/** The satisfied verdict. */
export const holds = <M extends string>(model: M): ModelVerdict<M> => ({ verdict: model });

/** The violated verdict, its witness's operations sorted by invocation. */
export function violates<M extends string>(model: M, pattern: string, ops: readonly Operation[], key?: string): ModelVerdict<M> {
  const unique = [...new Set(ops)].sort((a, b) => a.call - b.call);
  const k = key ?? (unique.length > 0 && unique.every((o) => o.key === unique[0]!.key) ? unique[0]!.key : undefined);
  return { verdict: `not-${model}`, witness: { key: k, pattern, ops: unique } };
}

/** The inconclusive verdict. */
export const unknown = <M extends string>(reason: string): ModelVerdict<M> => ({ verdict: 'unknown', reason });
