import { describe, expect, it } from 'vitest';
import { finalReadPhase } from './final-reads.js';

describe('final reads', () => {
  it('reads every key on every server, spreading servers over the clients, after the wait', () => {
    const slots = finalReadPhase({ quietUs: 1, keys: ['x', 'y'] }, ['n1', 'n2', 'n3'], 2, 500);
    expect(slots.map((s) => s.map((op) => `${op.f}:${op.key}@${String(op.value)}+${op.thinkUs}`))).toEqual([
      ['final-read:x@n1+500', 'final-read:y@n1+0', 'final-read:x@n3+0', 'final-read:y@n3+0'],
      ['final-read:x@n2+500', 'final-read:y@n2+0'],
    ]);
  });
});
