/**
 * `quorate check --witness`: what a violation is reported with. `minimal`
 * (the default) prints the minimized witness — the shortest failing prefix,
 * every read in it needed, or, when a probe ran out of its step budget, a
 * failing prefix marked as not shown minimal; `none` prints the verdict only and skips
 * minimization, for runs (CI) that want just the exit code.
 */
import { UsageError } from '../../traces/errors.js';

/** The `--witness` values. */
export const WITNESS_KINDS = ['minimal', 'none'] as const;
/** A `--witness` value. */
export type WitnessKind = (typeof WITNESS_KINDS)[number];

/** Parse `--witness`, or throw a UsageError. */
export function parseWitnessKind(raw: string): WitnessKind {
  if ((WITNESS_KINDS as readonly string[]).includes(raw)) return raw as WitnessKind;
  throw new UsageError(`--witness must be ${WITNESS_KINDS.join('|')}, got "${raw}"`);
}
