import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { faultsTolerated, flexibleQuorumsIntersect, intersects, isMajority, majority, majorityValue, replicasFor } from './quorum.js';

/** Every subset of 0..n−1 as a bitmask. */
const subsets = (n: number): number[] => Array.from({ length: 1 << n }, (_, m) => m);
const members = (mask: number): number[] => [...Array(31).keys()].filter((i) => (mask >> i) & 1);
const popcount = (m: number): number => members(m).length;

describe('quorum arithmetic', () => {
  it('5 nodes tolerate 2, a 6th adds nothing, 7 tolerate 3', () => {
    expect(faultsTolerated(5)).toBe(2);
    expect(faultsTolerated(6)).toBe(2);
    expect(faultsTolerated(7)).toBe(3);
    expect(majority(5)).toBe(3);
    expect(majority(6)).toBe(4);
  });

  test.prop([fc.integer({ min: 0, max: 7 })])('2f+1 replicas tolerate exactly f faults', (f) => {
    expect(faultsTolerated(replicasFor(f))).toBe(f);
    if (f > 0) expect(faultsTolerated(replicasFor(f) - 1)).toBe(f - 1);
  });

  test.prop([fc.integer({ min: 1, max: 15 })])('n − faultsTolerated(n) is still a majority, and one more fault is not', (n) => {
    const f = faultsTolerated(n);
    expect(n - f).toBeGreaterThanOrEqual(majority(n));
    expect(n - f - 1).toBeLessThan(majority(n));
  });

  test.prop([fc.integer({ min: 1, max: 15 })])('an even n tolerates no more than n − 1', (n) => {
    if (n % 2 === 0) expect(faultsTolerated(n)).toBe(faultsTolerated(n - 1));
  });

  it('every two majorities intersect (all subsets, n ≤ 10)', () => {
    for (let n = 1; n <= 10; n++) {
      const majorities = subsets(n).filter((m) => popcount(m) >= majority(n));
      for (const a of majorities) for (const b of majorities) expect(intersects(members(a), members(b))).toBe(true);
    }
  });

  it('a smaller quorum ⌊n/2⌋ admits two disjoint quorums for every even n ≤ 14', () => {
    for (let n = 2; n <= 14; n += 2) {
      const q = Math.floor(n / 2);
      const a = [...Array(q).keys()];
      const b = a.map((i) => i + q);
      expect(intersects(a, b)).toBe(false);
    }
  });

  test.prop([fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), fc.integer()])(
    'flexible quorums intersect iff |Q1| + |Q2| > n',
    (n, q1raw, q2raw, seed) => {
      const q1 = Math.min(n, q1raw);
      const q2 = Math.min(n, q2raw);
      // The worst case: Q1 takes the lowest ids, Q2 the highest; they meet iff q1 + q2 > n.
      const a = [...Array(q1).keys()];
      const b = [...Array(q2).keys()].map((i) => n - 1 - i);
      expect(intersects(a, b)).toBe(flexibleQuorumsIntersect(n, q1, q2));
      // Any other placement meets at least as often.
      if (flexibleQuorumsIntersect(n, q1, q2)) {
        const rot = [...Array(q2).keys()].map((i) => (Math.abs(seed) + i) % n);
        expect(intersects(a, rot)).toBe(true);
      }
    },
  );

  test.prop([fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 15 })])(
    'majorityValue is reached by a majority and by no larger value',
    (values) => {
      const v = majorityValue(values);
      expect(isMajority(values.map((x, i) => (x >= v ? i : -1)).filter((i) => i >= 0), values.length)).toBe(true);
      const above = values.filter((x) => x > v).length;
      expect(above).toBeLessThan(majority(values.length));
    },
  );
});
