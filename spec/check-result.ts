/**
 * The result of a consistency check: a value, never an exception.
 */
import type { Operation } from '../traces/history.js';

/** Evidence that a history is not linearizable. */
export interface Witness {
  /** The key (partition) concerned; `undefined` for an unpartitioned history. */
  readonly key: string | undefined;
  /**
   * A small sub-history that is already not linearizable: the shortest
   * non-linearizable prefix (operations open at the cut are indeterminate),
   * with as many reads removed as possible. Writes are never removed.
   */
  readonly ops: readonly Operation[];
  /** The longest linearizable prefix found, in the order it was linearized. */
  readonly linearized: readonly Operation[];
  /** Operations that could not be placed after `linearized` (the first one is the culprit). */
  readonly stuck: readonly Operation[];
  /** The model state after `linearized`, rendered. */
  readonly state: string;
}

/** Outcome of checking one history. */
export type CheckResult =
  | { readonly verdict: 'ok' }
  | { readonly verdict: 'violation'; readonly witness: Witness }
  | { readonly verdict: 'unknown'; readonly reason: string };
