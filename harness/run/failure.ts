/**
 * A failed property of one simulated run, as reports and JSON show it.
 */

/** Which check found it. */
export type FailureKind = 'always' | 'refinement' | 'eventually' | 'linearizability' | 'history';

/** One failed property: its name, what kind of check, and a human-readable detail. */
export interface Failure {
  readonly property: string;
  readonly kind: FailureKind;
  readonly detail: string;
  /** Virtual time it was detected, µs (absent for whole-history checks). */
  readonly time?: number;
  /** Simulation step it was detected at. */
  readonly step?: number;
  /**
   * For whole-history checks: the virtual time by which the run had shown the failure (the last
   * event of the witness). Nothing invoked or scheduled after it can undo it; shrinking cuts there.
   */
  readonly horizon?: number;
}
