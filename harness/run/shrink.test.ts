import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { raft } from '../subsystems/raft.js';
import { ideal } from '../subsystems/ideal.js';
import { inputsArbitrary, inputsForSeed } from './inputs.js';
import { shrinkSeed } from './shrink.js';
import { simulate } from './simulate.js';

const size = (w: readonly (readonly unknown[])[]): number => w.reduce((n, l) => n + l.length, 0);

describe('shrinking', () => {
  it('a cut generates exactly the seed\'s inputs, with each client\'s list and the schedule cut', () => {
    const full = inputsForSeed(raft, 5);
    const cut = { ops: full.workload.map((l, c) => Math.min(l.length, c + 1)), untilUs: 5_000_000 };
    const [small] = fc.sample(inputsArbitrary(raft, {}, cut), { seed: 5, numRuns: 1 });
    expect(small?.worldSeed).toBe(full.worldSeed);
    expect(small?.workload).toEqual(full.workload.map((l, c) => l.slice(0, c + 1)));
    expect(small?.schedule.events).toEqual(full.schedule.events.filter((e) => e.at <= 5_000_000));
    expect(small?.schedule.healAt).toBe(full.schedule.healAt);
  });

  it('cuts a failing run where it showed the failure before walking the shrink tree', () => {
    // raft/no-dedup seed 1 fails refinement at 4.03 s of a 16 s run: the cut alone (one simulation) drops most requests.
    const full = inputsForSeed(raft, 1);
    const r = shrinkSeed(raft, 1, 'refinement', { mutant: 'no-dedup', maxRuns: 2 });
    expect(r?.runs).toBe(2);
    expect(size(r!.inputs.workload)).toBeLessThan(size(full.workload) / 2);
    expect(simulate(raft, r!.inputs, { mutant: 'no-dedup', record: false }).failures[0]?.property).toBe('refinement');
  });

  it('keeps shrinking after the cut, and every result still fails the same way', () => {
    const r = shrinkSeed(ideal, 2, 'refinement', { mutant: 'no-dedup', maxRuns: 200 });
    expect(r).toBeDefined();
    expect(size(r!.inputs.workload)).toBeLessThanOrEqual(4);
    expect(simulate(ideal, r!.inputs, { mutant: 'no-dedup', record: false }).failures[0]?.property).toBe('refinement');
  });

  it('returns undefined for a seed that does not fail the property', () => {
    expect(shrinkSeed(ideal, 1, 'refinement', { mutant: undefined, maxRuns: 10 })).toBeUndefined();
  });
});
