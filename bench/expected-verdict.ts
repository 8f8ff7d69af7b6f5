/**
 * Comparing a checker's verdict with an expected one and tallying the result.
 */
import type { CheckResult } from '../spec/check-result.js';
import type { VerdictTally } from './bench-group.js';

/** The verdict a check should reach. */
export type Expected = 'ok' | 'violation';

/** Collects matches and mismatches of verdicts against expectations. */
export class VerdictCounter {
  private matched = 0;
  private total = 0;
  private readonly mismatches: string[] = [];

  /** Record one check of `label`. */
  add(label: string, expected: Expected, got: CheckResult): void {
    this.total++;
    // `Expected` keeps the manifest's two outcomes; the checker speaks DESIGN.md's verdicts.
    if (got.verdict === (expected === 'ok' ? 'linearizable' : 'not-linearizable')) this.matched++;
    else this.mismatches.push(`${label}: expected ${expected}, got ${got.verdict}${got.verdict === 'unknown' ? ` (${got.reason})` : ''}`);
  }

  /** The tally so far. */
  tally(): VerdictTally {
    return { matched: this.matched, total: this.total, mismatches: [...this.mismatches] };
  }
}
