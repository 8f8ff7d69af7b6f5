/**
 * The Raft ghost across layers: seeds whose servers diverged after a commit
 * and a compaction in one step (which the ghost once stopped seeing) fail
 * with the property that sees the divergence; and a follower whose log is
 * right but whose state machine is not (test-only mutant `lagging-misapply`)
 * is caught by the per-index state digests alone — the refinement check,
 * which looks at the most advanced server, and linearizability do not see it.
 */
import { describe, expect, it } from 'vitest';
import { raft } from '../subsystems/raft.js';
import type { MutantInfo, SubsystemDescriptor } from '../subsystems/descriptor.js';
import { runSeed } from '../run/run-seed.js';
import { inputsForSeed } from '../run/inputs.js';
import { simulate } from '../run/simulate.js';

describe('Raft ghost: commits made and compacted in one step', () => {
  // Each passed before the ghost learned commits from what servers apply (two servers applied different entries).
  it.each([
    ['vote-without-log-check', 24],
    ['disk-loss-voter', 32],
    ['figure8-commit', 66],
  ] as const)('%s seed %i fails leader-completeness', (mutant, seed) => {
    const r = runSeed(raft, seed, { mutant });
    expect(r.verdict).toBe('fail');
    expect(r.failures.map((f) => f.property)).toEqual(['leader-completeness']);
  });
});

const MISAPPLY: MutantInfo = {
  name: 'lagging-misapply',
  description: 'a follower catching up on several entries at once executes an append twice (test only)',
  reach: 'any run in which a follower applies more than one entry in a step',
  caughtBy: ['state-machine-safety'],
} as MutantInfo;

/** The raft descriptor with the test-only mutant listed. */
const withMisapply: SubsystemDescriptor = { ...raft, mutants: [...raft.mutants, MISAPPLY] };

describe('Raft ghost: every replica is held to the state first reached at each index', () => {
  it('a follower that applies an entry wrongly fails state-machine-safety, and only that', () => {
    // No faults: the leader stays, so the wrong follower is never the most advanced server.
    const inputs = { ...inputsForSeed(raft, 1), schedule: { events: [], healAt: 0 } };
    const r = simulate(withMisapply, inputs, { mutant: 'lagging-misapply', record: false, allFailures: true });
    expect(r.failures.map((f) => f.property)).toEqual(['state-machine-safety']);
    expect(r.failures[0]!.detail).toMatch(/state after applying term \d+ .* at \d+ has digest \d+, but n\d reached digest \d+ there/);
    // The same run with the correct code passes everything.
    expect(simulate(raft, inputs, { mutant: undefined, record: false, allFailures: true }).failures).toEqual([]);
  });

  it('the default nemesis catches it too, at the first seed', () => {
    const r = runSeed(withMisapply, 1, { mutant: 'lagging-misapply' });
    expect(r.failures.map((f) => f.property)).toEqual(['state-machine-safety']);
  });
});
