import { describe, expect, it } from 'vitest';
import { QuorateError } from '../../traces/errors.js';
import type { FaultKind } from '../nemesis/fault-kinds.js';
import { ideal } from '../subsystems/ideal.js';
import { raft } from '../subsystems/raft.js';
import { inputsForSeed } from './inputs.js';
import { UnknownChoiceError } from './run-options-check.js';
import { runSeed } from './run-seed.js';
import { simulate } from './simulate.js';

/** The error `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('unknown mutants and fault kinds', () => {
  it('runSeed and simulate reject a mutant the descriptor does not list, naming the valid ones', () => {
    // Before: ideal ran the correct code and passed; raft threw a plain Error from inside the impl.
    for (const d of [ideal, raft]) {
      const e = thrown(() => runSeed(d, 1, { mutant: 'no-such-bug' }));
      expect(e).toBeInstanceOf(UnknownChoiceError);
      expect(e).toBeInstanceOf(QuorateError);
      expect((e as UnknownChoiceError).code).toBe('unknown-mutant');
      expect((e as Error).message).toBe(`unknown mutant "no-such-bug" of ${d.name} (valid: ${d.mutants.map((m) => m.name).join(', ')})`);
    }
    expect(() => simulate(ideal, inputsForSeed(ideal, 1), { mutant: 'no-such-bug', record: false })).toThrow(UnknownChoiceError);
  });

  it('inputsForSeed and runSeed reject a fault kind the nemesis does not know, naming the valid ones', () => {
    // Before: a TypeError from inside schedule generation.
    const meteor = 'meteor' as FaultKind;
    for (const schedule of [{ kinds: ['isolate-one', meteor] }, { force: meteor }]) {
      const e = thrown(() => inputsForSeed(ideal, 1, schedule));
      expect(e).toBeInstanceOf(UnknownChoiceError);
      expect((e as UnknownChoiceError).code).toBe('unknown-fault-kind');
      expect((e as Error).message).toMatch(/^unknown fault kind "meteor" in the schedule options \(valid: partition-halves, isolate-one, .*dup-burst\)$/);
      expect(() => runSeed(ideal, 1, { mutant: undefined, schedule })).toThrow(UnknownChoiceError);
    }
  });

  it('accepts the correct code, listed mutants and known fault kinds', () => {
    expect(runSeed(ideal, 1, { mutant: 'no-dedup', schedule: { kinds: ['crash-restart'], force: 'loss-burst' } }).subsystem).toBe('ideal');
  });
});
