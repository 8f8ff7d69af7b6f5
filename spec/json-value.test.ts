import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { jsonEqual, jsonHash } from './json-value.js';

// Values close to what models hold: small integers (both zeros), floats, strings, arrays and objects of them.
const leaf = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(0, -0, 2 ** 31, -(2 ** 31), 2 ** 53, 0.5, -1.5), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 })),
})).v;

describe('jsonHash', () => {
  test.prop([value, value], { numRuns: 2000 })('values jsonEqual holds equal hash alike', (a, b) => {
    if (jsonEqual(a, b)) expect(jsonHash(a)).toBe(jsonHash(b));
  });
  test.prop([value], { numRuns: 500 })('a value and its copy (keys reordered) hash alike', (a) => {
    const copy = JSON.parse(JSON.stringify(a, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    expect(jsonHash(copy)).toBe(jsonHash(a));
  });
  test.prop([fc.integer(), fc.integer()])('distinct small integers rarely collide', (a, b) => {
    if (a !== b) expect(jsonHash(a) === jsonHash(b)).toBe(false);
  });
});
