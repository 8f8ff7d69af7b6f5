/**
 * The shape of one mutant's measured figures (harness/subsystems/mutant-figures.ts,
 * written by `npm run measure-mutants`), kept by hand beside the generated data.
 */

/** What a mutant run over seeds 1..`seeds` found (every failing property recorded per seed). */
export interface MutantFigure {
  readonly seeds: number;
  /** The lowest failing seed, or null if none failed. */
  readonly firstSeed: number | null;
  /** The property a default run reports at `firstSeed` (its first failure). */
  readonly firstProperty: string | null;
  /** Every property that failed at `firstSeed`. */
  readonly firstSeedProperties: readonly string[];
  /** Failing seeds. */
  readonly failing: number;
  /** Seeds that ended unknown. */
  readonly unknown: number;
  /** Per property, the failing seeds where it was the first failure. */
  readonly firstFailures: Readonly<Record<string, number>>;
  /** Per property, the failing seeds where it failed at all. */
  readonly properties: Readonly<Record<string, number>>;
}
