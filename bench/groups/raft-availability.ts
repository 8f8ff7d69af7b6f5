/**
 * How close correct Raft comes to its availability bound: over the default
 * seeds of raft3, raft and raft7, the writes judged by `available-within-f`
 * (at most f servers out, network whole, configuration stable for the bound)
 * and the slowest of them, as a share of `availability.boundUs`. A share
 * near 1 would mean the bound is about to flag correct runs; the seeds that
 * fail any property are counted too (must be 0).
 */
import { raft, raft3, raft7 } from '../../harness/subsystems/raft.js';
import { inputsForSeed } from '../../harness/run/inputs.js';
import { simulate } from '../../harness/run/simulate.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';

const SEEDS = 1000;

/** The `raft-availability` bench group; anchor = the bound itself (virtual time, shown in ms). */
export const raftAvailabilityGroup: BenchGroup = {
  name: 'raft-availability',
  description: `Raft at 3, 5, 7 servers, ${SEEDS} default seeds each: the slowest write judged by available-within-f against the bound`,
  anchorKind: 'target',
  async run(): Promise<GroupMeasurement> {
    const notes: string[] = [];
    let worstUs = 0;
    let boundUs = 0;
    let files = 0;
    let ops = 0;
    const t0 = performance.now();
    for (const d of [raft3, raft, raft7]) {
      const bound = d.availability?.boundUs ?? 0;
      let judged = 0;
      let slowest = 0;
      let failed = 0;
      let lost = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const r = simulate(d, inputsForSeed(d, seed), { mutant: undefined, record: false });
        judged += r.availability?.judged ?? 0;
        slowest = Math.max(slowest, r.availability?.slowestUs ?? 0);
        if (r.verdict === 'fail') failed++;
        if ((r.coverage['majority-lost'] ?? 0) > 0) lost++;
        ops += r.ops;
      }
      files += SEEDS;
      worstUs = Math.max(worstUs, slowest);
      boundUs = Math.max(boundUs, bound);
      notes.push(`${d.name}: ${judged.toLocaleString('en')} writes judged, slowest ${(slowest / 1000).toFixed(0)} ms of the ${(bound / 1000).toFixed(0)} ms bound (${((slowest / bound) * 100).toFixed(1)} %); majority lost in ${lost} seeds; ${failed} seeds failing`);
    }
    const ms = performance.now() - t0;
    // The table's time columns hold virtual time here: the slowest judged write against the bound (ratio < 1 = headroom).
    return { files, ops, checkMs: worstUs / 1000, anchorMs: boundUs / 1000, notes: [...notes, `time columns: slowest judged write and the bound, virtual ms; wall ${(ms / 1000).toFixed(1)} s`] };
  },
};
