/**
 * The outcome of one seed of a subsystem, as the runner merges, prints and
 * serializes it (one `--json` line per seed).
 */
import type { SimResult } from './simulate.js';
import type { RunInputs } from '../nemesis/schedule.js';

/** What one seed found. */
export interface SeedOutcome extends Omit<SimResult, 'trace' | 'records' | 'availability'> {
  readonly subsystem: string;
  readonly mutant: string | null;
  readonly seed: number;
}

/** A failing seed after shrinking, with its trace files' contents. */
export interface ShrunkFailure {
  readonly outcome: SeedOutcome;
  /** The failure of the shrunk inputs (same property as the original). */
  readonly shrunkFailure: SeedOutcome;
  /** Size of the original case: workload operations and fault events (heals and restarts not counted). */
  readonly originalOps: number;
  readonly originalFaults: number;
  /** Size of the shrunk case. */
  readonly shrunkOps: number;
  readonly shrunkFaults: number;
  /** Simulations the shrinker ran. */
  readonly shrinkRuns: number;
  /** The shrunk case's complete inputs (also in its trace header). */
  readonly shrunkInputs: RunInputs;
  /** Trace text of the original and the shrunk run. */
  readonly trace: string;
  readonly shrunkTrace: string;
}
