/**
 * The unobserved-value quotient of kv-key decides exactly what kv-key
 * decides, step by step, on any sequence of a history's operations; its
 * hooks keep the checker's pruning sound; and it is what lets one key with
 * many clients be decided.
 */
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Operation } from '../../traces/history.js';
import type { Input } from '../../spec/model.js';
import { kvKeyModel, kvModel } from '../../spec/kv.js';
import { generateHistory } from '../workload/gen-history.js';
import { checkOperationsSync } from './linearizability.js';
import { TAINTED, absentSubstrings, taintedKvKeyModel, unobserved, quotientModel, quotientBase, withoutHiddenWrites } from './quotient.js';
import { registerModel } from '../../spec/register.js';
import { renumber } from '../../spec/model.js';
import { checkLinearizableReference } from '../../spec/linearizability.js';
import { historyArb, modelOf } from './testing/arbitraries.js';
import { buildWitness } from './build-witness.js';

const value = fc.constantFrom('a', 'b', 'c', 'd', 'ab', 'ca');
const step = fc.oneof(
  fc.record({ f: fc.constantFrom('append', 'append', 'put'), value, output: fc.constant<JsonValue | undefined>(undefined) }),
  fc.record({ f: fc.constant('get'), value: fc.constant(''), output: fc.oneof(fc.constant<JsonValue | undefined>(undefined), fc.constantFrom('', 'a', 'ab', 'ba', 'abc', 'cab', 'b')) }),
);

/** The steps as a (sequential) history of one key. */
function history(steps: readonly { f: string; value: string; output: JsonValue | undefined }[]): Operation[] {
  return steps.map((s, i) => ({
    id: i, process: 0, f: s.f, key: 'k', input: s.f === 'get' ? null : s.value, output: s.f === 'get' ? s.output : s.value,
    status: s.f === 'get' && s.output === undefined ? 'info' : 'ok', call: 2 * i, ret: 2 * i + 1, callLine: 2 * i + 1, retLine: 2 * i + 2,
  }));
}

describe('the unobserved-value quotient of kv-key', () => {
  test.prop([fc.array(step, { maxLength: 14 }), fc.array(fc.nat(), { maxLength: 14 })], { numRuns: 3000 })(
    'every step is legal in the quotient exactly when it is in kv-key, whatever the order',
    (steps, perm) => {
      const ops = history(steps);
      const u = unobserved(ops);
      if (u === undefined) return;
      const q = taintedKvKeyModel(u);
      // Walk the history's operations in an arbitrary order (a linearization the search might try).
      const order = ops.map((_, i) => i).sort((a, b) => ((perm[a] ?? a) - (perm[b] ?? b)) || a - b);
      let s = kvKeyModel.init();
      let t = q.init();
      for (const i of order) {
        const op = ops[i]!;
        const input: Input = { f: op.f, key: op.key, value: op.input };
        const out = op.status === 'ok' ? op.output : undefined;
        const a = kvKeyModel.step(s, input, out);
        const b = q.step(t, input, out);
        expect(b.legal).toBe(a.legal);
        if (!a.legal) return;
        // The streaming hash agrees with hashing the next state outright.
        expect(q.hashStep!(t, q.hash(t), input, b.next)).toBe(q.hash(b.next));
        s = a.next;
        t = b.next;
        if (t !== TAINTED) expect(t).toBe(s);
      }
    },
  );

  test.prop([fc.array(step, { maxLength: 14 }), fc.constantFrom('', 'a', 'ab', TAINTED), fc.constantFrom('', 'a', 'ab', 'abc', TAINTED), fc.constantFrom('', 'b', 'ab', TAINTED)])(
    'growing steps extend the state, extends is a preorder, puts reset',
    (steps, x, y, z) => {
      const u = unobserved(history(steps));
      if (u === undefined) return;
      const q = taintedKvKeyModel(u);
      const m = q.monotone!;
      expect(m.extends(x, x)).toBe(true);
      if (m.extends(z, y) && m.extends(y, x)) expect(m.extends(z, x)).toBe(true);
      for (const st of steps) {
        const input: Input = { f: st.f, key: 'k', value: st.f === 'get' ? null : st.value };
        const r = q.step(x, input, st.f === 'get' ? st.output : st.value);
        if (r.legal && m.grows(input)) expect(m.extends(r.next, x)).toBe(true);
        if (!m.grows(input)) expect(m.resets!(input)!.state).toBe(r.next);
      }
    },
  );

  // The definition, by brute force: every substring of every ok get's output.
  const shownAppends = (ops: readonly Operation[]): Set<string> => {
    const outs = ops.filter((op) => op.f === 'get' && op.status === 'ok').map((op) => String(op.output ?? ''));
    const seen = new Set<string>();
    for (const o of outs) for (let i = 0; i < o.length; i++) for (let j = i + 1; j <= o.length; j++) seen.add(o.slice(i, j));
    return new Set(ops.filter((op) => op.f === 'append' && op.input !== '' && !seen.has(String(op.input))).map((op) => String(op.input)));
  };
  const text = fc.stringMatching(/^[ab\u00e9\ud83d]{0,5}$/); // including a lone surrogate half and a non-ASCII letter
  test.prop([fc.array(fc.oneof(
    fc.record({ f: fc.constant('append'), value: text.filter((v) => v !== ''), output: fc.constant<JsonValue | undefined>(undefined) }),
    fc.record({ f: fc.constant('get'), value: fc.constant(''), output: fc.oneof(fc.constant<JsonValue | undefined>(undefined), fc.stringMatching(/^[ab\u00e9\ud83d]{0,12}$/)) }),
  ), { maxLength: 16 })], { numRuns: 3000 })('finds exactly the appends no get output holds as a substring', (steps) => {
    const ops = history(steps);
    const u = unobserved(ops);
    const expected = shownAppends(ops);
    // undefined: nothing unobserved (or no appends at all); otherwise exactly the definition's set.
    if (u === undefined) expect(expected.size).toBe(0);
    else expect(new Set(u.appends)).toEqual(expected);
  });

  // Both ways of the substring scan, against the definition: a value is absent iff no text holds it at any position.
  test.prop([fc.array(fc.stringMatching(/^[ab\u00e9\ud83d]{0,12}$/), { maxLength: 6 }), fc.uniqueArray(fc.stringMatching(/^[ab\u00e9\ud83d]{1,5}$/), { maxLength: 8 })], { numRuns: 3000 })(
    'the native and the rolling-hash substring scans agree with the definition',
    (texts, values) => {
      const held = (v: string): boolean => texts.some((t) => { for (let i = 0; i + v.length <= t.length; i++) if (t.slice(i, i + v.length) === v) return true; return false; });
      const expected = new Set(values.filter((v) => !held(v)));
      expect(absentSubstrings(texts, new Set(values), 'native')).toEqual(expected);
      expect(absentSubstrings(texts, new Set(values), 'index')).toEqual(expected);
    },
  );

  it('finds the values no get shows: appends as substrings, puts as prefixes', () => {
    const ops = history([
      { f: 'put', value: 'p', output: undefined },
      { f: 'append', value: 'a', output: undefined },
      { f: 'put', value: 'q', output: undefined },
      { f: 'append', value: 'b', output: undefined },
      { f: 'append', value: 'c', output: undefined },
      { f: 'get', value: '', output: 'xbpa' },
    ]);
    const u = unobserved(ops)!;
    expect([...u.appends].sort()).toEqual(['c']);
    expect([...u.puts].sort()).toEqual(['p', 'q']); // 'xbpa' starts with neither
  });

  it('stays out of histories whose data could spell its TAINTED state', () => {
    const ops = history([{ f: 'append', value: 'a\u0000', output: undefined }, { f: 'get', value: '', output: 'b' }]);
    expect(unobserved(ops)).toBeUndefined();
    expect(quotientModel({ key: 'k', ops, model: kvKeyModel })).toBe(kvKeyModel);
  });

  it('decides one key with 20 concurrent clients where the plain search ran out of steps', () => {
    // 400 operations, one key, 20 clients, 5 % puts: before the quotient the search spent 5M steps without a verdict.
    const ops = generateHistory({ model: 'kv', ops: 400, keys: 1, clients: 20, seed: 2 }).ops;
    const r = checkOperationsSync(ops, kvModel, { maxSteps: 5_000_000 });
    expect(r.verdict).toBe('linearizable');
    // A read altered to show a value never written makes it a violation, still found.
    const i = ops.findIndex((op) => op.f === 'get' && op.status === 'ok' && typeof op.output === 'string' && op.output.length > 3);
    const bad = ops.map((op, k) => (k === i ? { ...op, output: `${String(op.output)}zz` } : op));
    expect(checkOperationsSync(bad, kvModel, { maxSteps: 5_000_000 }).verdict).toBe('not-linearizable');
    // The baseline the one-key bench compares with: without the quotient the same search runs out of steps.
    expect(checkOperationsSync(ops, kvModel, { maxSteps: 1_000_000, quotient: false }).verdict).toBe('unknown');
  });

  it('a quotient names its base, and a sub-history is quotiented from the base again', () => {
    // put x; append y; append z; get -> "xz": y is unobserved, and in the sub-history without the get z is too.
    const ops = history([
      { f: 'put', value: 'x', output: undefined },
      { f: 'append', value: 'y', output: undefined },
      { f: 'append', value: 'z', output: undefined },
      { f: 'get', value: '', output: 'xz' },
    ]);
    const q = quotientModel({ key: 'k', ops, model: kvKeyModel });
    expect(q).not.toBe(kvKeyModel);
    expect(quotientBase(q)).toBe(kvKeyModel);
    expect(quotientBase(kvKeyModel)).toBe(kvKeyModel);
    const sub = quotientModel({ key: 'k', ops: ops.slice(0, 3), model: q });
    expect(quotientBase(sub)).toBe(kvKeyModel);
    // In the whole history z is shown by the get; in the sub-history nothing is: its quotient taints it.
    expect(q.step('x', { f: 'append', key: 'k', value: 'z' }, 'z').next).toBe('xz');
    expect(sub.step('x', { f: 'append', key: 'k', value: 'z' }, 'z').next).toBe(TAINTED);
  });

  it("a witness shows the model's own value where the quotient's search ended in a merged state", () => {
    const ops = history([
      { f: 'put', value: 'x', output: undefined },
      { f: 'append', value: 'y', output: undefined },
      { f: 'get', value: '', output: 'x' },
    ]);
    const q = quotientModel({ key: 'k', ops, model: kvKeyModel });
    const best = { linearized: ops.slice(0, 2), stuck: ops.slice(2), state: TAINTED };
    const { witness } = buildWitness({ key: 'k', ops, model: q }, ops, best, { maxSteps: 0 }, best);
    expect(witness.state).toBe('"xy"');
  });

  test.prop(
    [fc.oneof(historyArb('mutated', { maxOps: 9 }), historyArb('junk', { maxOps: 9, infoHeavy: true }), historyArb('linearizable', { maxOps: 9, infoHeavy: true }))],
    { numRuns: 3000 },
  )('dropping the indeterminate register writes nothing can observe keeps the verdict', ({ model: name, ops }) => {
    const model = modelOf(name);
    for (const part of model.partition!(ops)) {
      const reduced = withoutHiddenWrites(part);
      if (reduced === part) continue;
      expect(reduced.ops.every((op) => part.ops.includes(op))).toBe(true);
      expect(checkLinearizableReference(renumber(reduced.ops), part.model)).toBe(checkLinearizableReference(renumber(part.ops), part.model));
    }
  });

  it('drops exactly the info writes and cas whose value nothing returning after their call reads or expects', () => {
    const op = (id: number, f: string, input: JsonValue, output: JsonValue | undefined, status: 'ok' | 'info', call: number, ret: number): Operation => ({
      id, process: id, f, key: undefined, input, output, status, call, ret, callLine: call + 1, retLine: status === 'ok' ? ret + 1 : undefined,
    });
    const ops = [
      op(0, 'read', null, 2, 'ok', 0, 1), // reads 2, but returns before the write of 2 is called
      op(1, 'write', 2, undefined, 'info', 2, Infinity), // hidden
      op(2, 'write', 3, undefined, 'info', 3, Infinity), // read at 8: kept
      op(3, 'cas', [1, 4], undefined, 'info', 4, Infinity), // expected by the cas from 4: kept
      op(4, 'cas', [4, 5], undefined, 'info', 5, Infinity), // 5 is never read: hidden
      op(5, 'write', 3, 3, 'ok', 6, 7), // ok: never dropped
      op(6, 'read', null, 3, 'ok', 8, 9),
    ];
    const reduced = withoutHiddenWrites({ key: undefined, ops, model: registerModel });
    expect(reduced.ops.map((o) => o.id)).toEqual([0, 2, 3, 5, 6]);
    // Not a register: nothing dropped.
    const kv = { key: 'k', ops, model: kvKeyModel };
    expect(withoutHiddenWrites(kv)).toBe(kv);
  });
});
