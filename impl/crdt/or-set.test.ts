import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { type OrSetState, add, elements, emptyOrSet, merge, remove, sameUpdates } from './or-set.js';

/** A random replica history: updates at three replicas interleaved with merges between them. */
type Step = { kind: 'add' | 'remove'; at: number; e: string } | { kind: 'merge'; from: number; to: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('add' as const, 'remove' as const), at: fc.nat(2), e: fc.constantFrom('a', 'b') }),
  fc.record({ kind: fc.constant('merge' as const), from: fc.nat(2), to: fc.nat(2) }),
);

function play(steps: readonly Step[], drop = false): OrSetState[] {
  const rs = [emptyOrSet(), emptyOrSet(), emptyOrSet()];
  for (const s of steps) {
    if (s.kind === 'merge') rs[s.to] = merge(rs[s.to]!, rs[s.from]!, drop);
    else rs[s.at] = (s.kind === 'add' ? add : remove)(rs[s.at]!, `n${s.at}`, s.e);
  }
  return rs;
}

describe('OR-set', () => {
  test.prop([fc.array(step, { maxLength: 25 })])('merge is commutative and idempotent, and replicas with every update agree', (steps) => {
    const [a, b, c] = play(steps) as [OrSetState, OrSetState, OrSetState];
    expect(sameUpdates(merge(a, b), merge(b, a))).toBe(true);
    expect(sameUpdates(merge(a, a), a)).toBe(true);
    const all = [merge(merge(a, b), c), merge(c, merge(b, a)), merge(b, merge(c, a))];
    for (const x of all) expect(elements(x)).toEqual(elements(all[0]!));
  });

  test.prop([fc.array(step, { maxLength: 25 })])('a sequential history behaves as the set spec (no concurrency: one replica)', (steps) => {
    let s = emptyOrSet();
    const model = new Set<string>();
    for (const x of steps) {
      if (x.kind === 'merge') continue;
      s = (x.kind === 'add' ? add : remove)(s, 'n1', x.e);
      if (x.kind === 'add') model.add(x.e);
      else model.delete(x.e);
    }
    expect(elements(s)).toEqual([...model].sort());
  });

  test.prop([fc.constantFrom('a', 'b')])('a concurrent add survives a remove that did not observe it; the mutant merge drops it', (e) => {
    const x = add(emptyOrSet(), 'n1', e);
    const y = add(emptyOrSet(), 'n2', e);
    const removed = remove(merge(x, y), 'n1', e);
    expect(elements(merge(remove(x, 'n1', e), y))).toEqual([e]);
    expect(elements(removed)).toEqual([]);
    expect(elements(merge(remove(merge(x, y, true), 'n1', e), y))).toEqual([e]);
    expect(sameUpdates(merge(x, y, true), merge(y, x))).toBe(false);
  });
});
