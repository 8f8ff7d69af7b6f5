/**
 * Every listed mutant of every descriptor (raft3 and raft7 included: each
 * lists the mutants its own default run reaches) is caught by a small-budget
 * run, by one of the properties its `caughtBy` names, and its shrunk
 * counterexample replays exactly; the correct implementations pass.
 */
import { describe, expect, it } from 'vitest';
import { SUBSYSTEMS } from '../subsystems/index.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { inProcessExecutor } from '../run/executor.js';
import { runSeed } from '../run/run-seed.js';
import { runSuite } from '../run/suite.js';
import { replayTrace } from '../run/replay.js';
import { firstDifferentLine } from '../run/replay.js';
import { claimProperties } from '../run/history-check.js';

/** Seed budget per mutant: every listed mutant must be caught within 200 seeds of a default run. */
const BUDGET = 200;
/** Shrinking budget per caught mutant (the CLI uses 1000): enough to check the shrunk case replays. */
const SHRINK_RUNS = 20;

/** The property names a run of `d` can report as failed. */
function reportable(d: SubsystemDescriptor): Set<string> {
  const names = d.properties.filter((p) => p.kind === 'always').map((p) => p.name);
  if (d.abstraction !== undefined) names.push('refinement');
  if (d.availability !== undefined) names.push('available-within-f', 'no-commit-without-majority');
  return new Set([...names, 'linearizability', 'eventually', ...claimProperties(d.claims)]);
}

const cases = SUBSYSTEMS.flatMap((d) => d.mutants.map((m) => [d.name, m.name, d, m.caughtBy] as const));

describe('mutants are caught', () => {
  it.each(cases)('%s / %s', async (_name, mutant, d, caughtBy) => {
    expect(caughtBy.length).toBeGreaterThan(0);
    expect(caughtBy.filter((p) => !reportable(d).has(p))).toEqual([]);
    const r = await runSuite(
      { descriptors: [d], mutant, baseSeed: 1, seeds: BUDGET, stopAtFirstFailure: true, investigateLimit: 1, maxShrinkRuns: SHRINK_RUNS },
      inProcessExecutor([d]),
    );
    expect(r.summary.failures).toBe(1);
    const f = r.investigated[0];
    expect(f).toBeDefined();
    // Which properties caught it, independent of the order checks run in: the same seed, every failure recorded.
    const all = runSeed(d, f!.outcome.seed, { mutant, allFailures: true });
    const failed = all.failures.map((x) => x.property);
    expect(failed[0]).toBe(f!.outcome.failures[0]?.property);
    expect(failed.filter((p) => caughtBy.includes(p)), `seed ${f!.outcome.seed} failed ${failed.join(', ')}; caughtBy names ${caughtBy.join(', ')}`).not.toEqual([]);
    expect(f!.shrunkFailure.verdict).toBe('fail');
    const header = JSON.parse(f!.shrunkTrace.slice(0, f!.shrunkTrace.indexOf('\n')));
    const again = replayTrace(d, { header, text: f!.shrunkTrace });
    expect(firstDifferentLine(again.trace, f!.shrunkTrace)).toBe(0);
    expect(again.outcome.verdict).toBe('fail');
  });
});

describe('correct implementations pass', () => {
  it.each(SUBSYSTEMS.map((d) => [d.name, d] as const))('%s, 60 seeds', async (_name, d) => {
    const r = await runSuite(
      { descriptors: [d], mutant: undefined, baseSeed: 1, seeds: 60, stopAtFirstFailure: false, investigateLimit: 1 },
      inProcessExecutor([d]),
    );
    expect(r.outcomes.filter((o) => o.verdict !== 'pass').map((o) => `${o.seed}: ${o.failures[0]?.detail ?? o.unknownReason}`)).toEqual([]);
  });
});
