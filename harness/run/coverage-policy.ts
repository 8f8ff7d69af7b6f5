/**
 * When a coverage gap — a `sometimes` property that never happened — fails a
 * run. A gap means the suite exercised nothing of that kind, which only says
 * something about a run long enough to expect it: the default seed count
 * (DESIGN.md: "a suite that exercised nothing must not pass silently"). A
 * shorter run, or one shard (whose union `quorate merge` judges), warns.
 * Mutant runs ignore coverage. `--coverage fail|warn` overrides the rule.
 */

/** Seeds per subsystem of a default `quorate run`, and the fewest at which a gap fails the run. */
export const DEFAULT_SEEDS = 1000;

/** `--coverage`: `fail` and `warn` force the outcome of a gap; `auto` applies the rule above. */
export type CoverageMode = 'fail' | 'warn' | 'auto';

/** What a run was, as far as judging its coverage goes. */
export interface CoverageContext {
  readonly mode: CoverageMode;
  /** Seeds per subsystem the whole run covers (`--seeds`, all shards together). */
  readonly seeds: number;
  readonly sharded: boolean;
  readonly mutant: boolean;
}

/** How gaps count: `fails`, or a warning with the reason printed beside each gap. */
export type CoverageJudgement = { readonly fails: true } | { readonly fails: false; readonly why: string };

/** Whether coverage gaps fail a run in context `c`. */
export function judgeCoverage(c: CoverageContext): CoverageJudgement {
  if (c.mutant) return { fails: false, why: 'a mutant run ignores coverage' };
  if (c.mode === 'fail') return { fails: true };
  if (c.mode === 'warn') return { fails: false, why: '--coverage warn' };
  if (c.sharded) return { fails: false, why: 'one shard: `quorate merge` judges the union' };
  if (c.seeds < DEFAULT_SEEDS) return { fails: false, why: `fewer than ${DEFAULT_SEEDS} seeds; --coverage fail makes it fail` };
  return { fails: true };
}
