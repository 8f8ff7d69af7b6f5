import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Ring } from './ring.js';
import { differingLeaves, merkleTree, bucketOf } from './merkle.js';
import { type Versioned, wins } from './messages.js';

const servers = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('consistent hashing', () => {
  test.prop([fc.string({ maxLength: 8 })])('a preference list holds every server once, and its first N are the home replicas', (key) => {
    const ring = new Ring(servers, 8);
    const pref = ring.preferenceList(key);
    expect([...pref].sort()).toEqual(servers);
    expect(ring.home(key, 3)).toEqual(pref.slice(0, 3));
  });

  it('spreads keys over servers (virtual nodes)', () => {
    const ring = new Ring(servers, 8);
    const first = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const s = ring.home(`k${i}`, 1)[0]!;
      first.set(s, (first.get(s) ?? 0) + 1);
    }
    expect(first.size).toBe(5);
    for (const n of first.values()) expect(n).toBeGreaterThan(50);
  });
});

describe('Merkle anti-entropy', () => {
  const v = (value: string, t: number): Versioned => ({ value, ts: { t, n: 'n1' } });
  it('equal data, equal roots; one differing key differs in its leaf only', () => {
    const a: [string, Versioned][] = [['x', v('1', 1)], ['y', v('2', 2)]];
    const b: [string, Versioned][] = [['x', v('1', 1)], ['y', v('3', 3)]];
    expect(merkleTree(a).root).toBe(merkleTree([...a].reverse()).root);
    expect(merkleTree(a).root).not.toBe(merkleTree(b).root);
    expect(differingLeaves(merkleTree(a).leaves, merkleTree(b).leaves)).toEqual([bucketOf('y')]);
  });
  it('last-writer-wins orders by timestamp, then server id', () => {
    expect(wins({ t: 2, n: 'n1' }, { t: 1, n: 'n9' })).toBe(true);
    expect(wins({ t: 1, n: 'n2' }, { t: 1, n: 'n1' })).toBe(true);
    expect(wins({ t: 1, n: 'n1' }, { t: 1, n: 'n2' })).toBe(false);
    expect(wins({ t: 1, n: 'n1' }, undefined)).toBe(true);
  });
});
