/**
 * A failed property of one simulated run, as reports and JSON show it.
 */

/** Which check found it. */
export type FailureKind = 'always' | 'refinement' | 'eventually' | 'linearizability';

/** One failed property: its name, what kind of check, and a human-readable detail. */
export interface Failure {
  readonly property: string;
  readonly kind: FailureKind;
  readonly detail: string;
  /** Virtual time it was detected, µs (absent for whole-history checks). */
  readonly time?: number;
  /** Simulation step it was detected at. */
  readonly step?: number;
}
