/**
 * The ideal system (one atomic copy of the spec) must pass every check under
 * every fault kind: a failure here is a false positive of the harness.
 */
import { describe, expect, it } from 'vitest';
import { ideal } from '../subsystems/ideal.js';
import { FAULT_KINDS } from '../nemesis/fault-kinds.js';
import { runSeed } from '../run/run-seed.js';

const SEEDS = 30;

describe('the ideal system never fails', () => {
  it.each(FAULT_KINDS.map((k) => k.kind))('under schedules of %s', (kind) => {
    let applied = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const o = runSeed(ideal, seed, { mutant: undefined, schedule: { kinds: [kind], force: kind } });
      expect(o.failures, `seed ${seed}: ${o.failures.map((f) => f.detail).join('\n')}`).toEqual([]);
      expect(o.verdict).toBe('pass');
      applied += o.faults[kind] ?? 0;
    }
    expect(applied).toBeGreaterThan(0);
  });

  it('under mixed schedules of every kind', () => {
    for (let seed = 1; seed <= 100; seed++) expect(runSeed(ideal, seed, { mutant: undefined }).verdict).toBe('pass');
  });
});
