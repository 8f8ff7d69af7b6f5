import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { KvDigest, concatHash, hashString, kvDigest } from './state-digest.js';

const write = fc.record({ kind: fc.constantFrom('put', 'append', 'session'), key: fc.constantFrom('x', 'y', 'z', 'c1', 'c2'), value: fc.string({ maxLength: 6 }), seq: fc.nat(5) });

describe('state digest', () => {
  test.prop([fc.array(write, { maxLength: 40 })])('KvDigest kept write by write equals kvDigest of the state', (ws) => {
    const d = new KvDigest();
    const data = new Map<string, string>();
    const sessions = new Map<string, [number, string]>();
    for (const w of ws) {
      if (w.kind === 'put') {
        data.set(w.key, w.value);
        d.setValue(w.key, hashString(w.value));
      } else if (w.kind === 'append') {
        data.set(w.key, (data.get(w.key) ?? '') + w.value);
        d.setValue(w.key, concatHash(d.valueHash(w.key), hashString(w.value)));
      } else {
        sessions.set(w.key, [w.seq, w.value]);
        d.setSession(w.key, w.seq, hashString(w.value));
      }
      expect(d.value).toBe(kvDigest(data, [...sessions].map(([c, [s, v]]) => [c, s, v] as const)));
    }
  });

  it('does not depend on the order entries were written in, and tells apart states that differ in one place', () => {
    const a = kvDigest([['x', '1'], ['y', '2']], [['c1', 3, '2']]);
    expect(kvDigest([['y', '2'], ['x', '1']], [['c1', 3, '2']])).toBe(a);
    expect(kvDigest([['x', '2'], ['y', '1']], [['c1', 3, '2']])).not.toBe(a);
    expect(kvDigest([['x', '1'], ['y', '2']], [['c1', 4, '2']])).not.toBe(a);
    expect(kvDigest([['x', '1'], ['y', '2'], ['z', '']], [['c1', 3, '2']])).not.toBe(a);
    expect(kvDigest([['x', '11'], ['y', '2']], [['c1', 3, '2']])).not.toBe(a);
    expect(Number.isSafeInteger(a)).toBe(true);
  });
});
