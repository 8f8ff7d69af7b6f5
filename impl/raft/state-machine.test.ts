import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { kvDigest } from '../../spec/state-digest.js';
import { KvStateMachine } from './state-machine.js';
import type { Command } from './messages.js';

const command: fc.Arbitrary<Command> = fc.record({
  client: fc.constantFrom('c1', 'c2'), seq: fc.nat(6), f: fc.constantFrom('put', 'append'), key: fc.constantFrom('x', 'y'), value: fc.string({ maxLength: 4 }),
});

/** The digest of a machine's state computed from scratch. */
const scratch = (m: KvStateMachine): number => kvDigest(m.data, [...m.sessions].map(([c, s]) => [c, s.seq, s.value] as const));

describe('KvStateMachine digest', () => {
  test.prop([fc.array(command, { maxLength: 30 }), fc.boolean()])('is the digest of its data and sessions, and survives a snapshot', (cmds, dedup) => {
    const m = new KvStateMachine(dedup);
    for (const c of cmds) {
      m.apply(c);
      expect(m.digest()).toBe(scratch(m));
    }
    const copy = new KvStateMachine(dedup);
    copy.restore(m.snapshot());
    expect(copy.digest()).toBe(m.digest());
  });
});
