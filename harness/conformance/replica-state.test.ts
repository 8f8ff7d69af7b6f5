/**
 * Primary-backup's `replica-state` across layers: a backup whose log is right
 * but whose state machine is not (test-only mutant `backup-misapply`) fails
 * `replica-state`, which no other check sees in a run without faults (the
 * refinement check follows the server that knows the longest committed
 * prefix, the primary); the correct store passes.
 */
import { describe, expect, it } from 'vitest';
import { primaryBackup } from '../subsystems/primary-backup.js';
import type { MutantInfo, SubsystemDescriptor } from '../subsystems/descriptor.js';
import { inputsForSeed } from '../run/inputs.js';
import { simulate } from '../run/simulate.js';

const MISAPPLY = {
  name: 'backup-misapply',
  description: 'a backup catching up on several entries at once executes an append twice (test only)',
  reach: 'any run in which a backup applies more than one entry in a step',
  caughtBy: ['replica-state'],
} as MutantInfo;

const withMisapply: SubsystemDescriptor = { ...primaryBackup, mutants: [...primaryBackup.mutants, MISAPPLY] };

describe('primary-backup replica-state', () => {
  it('a backup that applies an entry wrongly fails replica-state, and only that', () => {
    let caught = 0;
    for (let seed = 1; seed <= 20 && caught === 0; seed++) {
      const inputs = { ...inputsForSeed(primaryBackup, seed), schedule: { events: [], healAt: 0 } };
      const r = simulate(withMisapply, inputs, { mutant: 'backup-misapply', record: false, allFailures: true });
      if (r.failures.length === 0) continue;
      caught++;
      expect(r.failures.map((f) => f.property)).toEqual(['replica-state']);
      expect(r.failures[0]!.detail).toMatch(/state after applying \d+ entries has digest \d+, but n\d reached digest \d+ there/);
      expect(simulate(primaryBackup, inputs, { mutant: undefined, record: false, allFailures: true }).failures).toEqual([]);
    }
    expect(caught).toBe(1);
  });
});
