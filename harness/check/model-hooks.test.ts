/**
 * The optional fast-path hooks of the models agree with their `step`, the
 * definition: `legalOnlyIn` names exactly the state a read is legal in, and
 * `monotone.grows` operations respect `monotone.extends` (the checker prunes
 * with them, so a wrong hook would fake violations).
 */
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Input } from '../../spec/model.js';
import { kvKeyModel } from '../../spec/kv.js';
import { registerModel } from '../../spec/register.js';

const text = fc.stringMatching(/^[ab]{0,5}$/);
const kvInput: fc.Arbitrary<Input> = fc.record({
  f: fc.constantFrom('get', 'put', 'append'),
  key: fc.constant('k'),
  value: text as fc.Arbitrary<JsonValue>,
});
const small: fc.Arbitrary<JsonValue> = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 2 }), fc.constantFrom('x', 'y'));

describe('model hooks agree with step', () => {
  test.prop([text, text])('kv-key: a get is legal exactly in legalOnlyIn', (s, out) => {
    const only = kvKeyModel.legalOnlyIn!({ f: 'get', key: 'k', value: null }, out);
    expect(only).toBeDefined();
    expect(kvKeyModel.step(s, { f: 'get', key: 'k', value: null }, out).legal).toBe(kvKeyModel.equal(s, only!.state));
  });

  test.prop([text, kvInput, text])('kv-key: growing operations extend the state', (s, input, out) => {
    const m = kvKeyModel.monotone!;
    const r = kvKeyModel.step(s, input, input.f === 'get' ? out : input.value);
    if (r.legal && m.grows(input)) expect(m.extends(r.next, s)).toBe(true);
    expect(m.extends(s, s)).toBe(true);
  });

  test.prop([text, kvInput])('kv-key: an operation that does not grow resets the state, whatever it was', (s, input) => {
    const m = kvKeyModel.monotone!;
    if (m.grows(input)) return;
    const to = m.resets!(input);
    expect(to).toBeDefined();
    expect(kvKeyModel.step(s, input, input.value).next).toBe(to!.state);
  });

  test.prop([text, text, text])('kv-key: extends is transitive', (a, b, c) => {
    const m = kvKeyModel.monotone!;
    if (m.extends(c, b) && m.extends(b, a)) expect(m.extends(c, a)).toBe(true);
  });

  test.prop([small, small])('register: a read is legal exactly in legalOnlyIn', (s, out) => {
    const only = registerModel.legalOnlyIn!({ f: 'read', key: undefined, value: null }, out);
    expect(only).toBeDefined();
    expect(registerModel.step(s, { f: 'read', key: undefined, value: null }, out).legal).toBe(registerModel.equal(s, only!.state));
  });

  test.prop([small])('legalOnlyIn says nothing about operations that are not reads', (v) => {
    expect(kvKeyModel.legalOnlyIn!({ f: 'append', key: 'k', value: 'a' }, v)).toBeUndefined();
    expect(registerModel.legalOnlyIn!({ f: 'write', key: undefined, value: v }, v)).toBeUndefined();
  });
});
