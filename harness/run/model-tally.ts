/**
 * What `quorate run --consistency all` reports per subsystem: for every
 * consistency model the subsystem does not claim, the seeds in which it
 * held, was violated, or could not be judged (other-models.ts checks them).
 */

/** What one model's check concluded on one seed. */
export type ModelOutcome = 'held' | 'violated' | 'unknown';

/** Per model, over seeds: how many held, were violated, or could not be judged. */
export type ModelTally = Readonly<Record<string, { readonly held: number; readonly violated: number; readonly unknown: number }>>;

/** Tallies the per-seed outcomes (seeds without them are skipped). */
export function tallyModels(perSeed: readonly (Readonly<Record<string, ModelOutcome>> | undefined)[]): ModelTally {
  const out: Record<string, { held: number; violated: number; unknown: number }> = {};
  for (const s of perSeed) {
    if (s === undefined) continue;
    for (const [m, v] of Object.entries(s)) {
      const t = (out[m] ??= { held: 0, violated: 0, unknown: 0 });
      t[v]++;
    }
  }
  return out;
}

/** One line for a subsystem: what it claims, and the share of seeds each other model held in. */
export function describeTally(claimed: readonly string[], t: ModelTally): string {
  const parts = Object.entries(t).map(([m, x]) => {
    const judged = x.held + x.violated;
    const share = judged === 0 ? 'never judged' : `${Math.round((100 * x.held) / judged)} %`;
    return `${m} ${share}${x.unknown > 0 ? ` (${x.unknown} unknown)` : ''}`;
  });
  return `claims ${claimed.join(', ')}; other models held in (share of judged seeds): ${parts.join(', ')}`;
}
