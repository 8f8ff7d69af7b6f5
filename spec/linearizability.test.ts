import { describe, expect, it } from 'vitest';
import { checkLinearizableReference } from './linearizability.js';
import { registerModel } from './register.js';
import { kvModel } from './kv.js';
import type { Model } from './model.js';
import type { Operation } from '../traces/history.js';
import type { JsonValue } from '../traces/schema/trace-v1.js';

type Ev = readonly [type: 'invoke' | 'ok' | 'info', process: number, f: string, value: JsonValue, key?: string];

/** Operations of a hand-written event list (line order = real time); `info` and open invocations stay indeterminate. */
function history(...evs: Ev[]): Operation[] {
  const ops: Operation[] = [];
  const open = new Map<number, number>();
  evs.forEach(([type, process, f, value, key], pos) => {
    if (type === 'invoke') {
      open.set(process, ops.length);
      ops.push({ id: ops.length, process, f, key, input: value, output: undefined, status: 'info', call: pos, ret: Infinity, callLine: pos + 1, retLine: undefined });
    } else if (type === 'ok') {
      const i = open.get(process)!;
      ops[i] = { ...ops[i]!, output: value, status: 'ok', ret: pos, retLine: pos + 1 };
    }
  });
  return ops;
}

const reg = registerModel as Model;
const kv = kvModel as Model;

describe('checkLinearizableReference', () => {
  it('accepts the empty history', () => {
    expect(checkLinearizableReference([], reg)).toBe(true);
  });

  it('accepts a read concurrent with a write seeing either value', () => {
    for (const seen of [null, 1]) {
      const h = history(['invoke', 0, 'write', 1], ['invoke', 1, 'read', null], ['ok', 1, 'read', seen], ['ok', 0, 'write', 1]);
      expect(checkLinearizableReference(h, reg)).toBe(true);
    }
  });

  it('rejects a stale read after a write completed', () => {
    const h = history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ['invoke', 1, 'read', null], ['ok', 1, 'read', null]);
    expect(checkLinearizableReference(h, reg)).toBe(false);
  });

  it('rejects reads that go back in time (new value, then old value)', () => {
    const h = history(
      ['invoke', 0, 'write', 1],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', 1],
      ['invoke', 2, 'read', null],
      ['ok', 2, 'read', null],
      ['ok', 0, 'write', 1],
    );
    expect(checkLinearizableReference(h, reg)).toBe(false);
  });

  it('lets an indeterminate write take effect or not', () => {
    for (const seen of [null, 1]) {
      const h = history(['invoke', 0, 'write', 1], ['info', 0, 'write', 1], ['invoke', 1, 'read', null], ['ok', 1, 'read', seen]);
      expect(checkLinearizableReference(h, reg)).toBe(true);
    }
  });

  it('places an indeterminate write only after its invocation', () => {
    const h = history(['invoke', 1, 'read', null], ['ok', 1, 'read', 1], ['invoke', 0, 'write', 1], ['info', 0, 'write', 1]);
    expect(checkLinearizableReference(h, reg)).toBe(false);
  });

  it('checks cas against the current value', () => {
    const ok = history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ['invoke', 1, 'cas', [1, 2]], ['ok', 1, 'cas', [1, 2]], ['invoke', 2, 'read', null], ['ok', 2, 'read', 2]);
    expect(checkLinearizableReference(ok, reg)).toBe(true);
    const bad = history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ['invoke', 1, 'cas', [0, 2]], ['ok', 1, 'cas', [0, 2]]);
    expect(checkLinearizableReference(bad, reg)).toBe(false);
  });

  it('treats keys as independent registers', () => {
    const h = history(['invoke', 0, 'write', 1, 'a'], ['ok', 0, 'write', 1, 'a'], ['invoke', 1, 'read', null, 'b'], ['ok', 1, 'read', null, 'b']);
    expect(checkLinearizableReference(h, reg)).toBe(true);
    const bad = history(['invoke', 0, 'write', 1, 'a'], ['ok', 0, 'write', 1, 'a'], ['invoke', 1, 'read', null, 'a'], ['ok', 1, 'read', null, 'a']);
    expect(checkLinearizableReference(bad, reg)).toBe(false);
  });

  it('checks kv appends in order', () => {
    const ok = history(['invoke', 0, 'append', 'a', 'k'], ['invoke', 1, 'append', 'b', 'k'], ['ok', 0, 'append', 'a', 'k'], ['ok', 1, 'append', 'b', 'k'], ['invoke', 2, 'get', null, 'k'], ['ok', 2, 'get', 'ba', 'k']);
    expect(checkLinearizableReference(ok, kv)).toBe(true);
    const bad = history(['invoke', 0, 'append', 'a', 'k'], ['ok', 0, 'append', 'a', 'k'], ['invoke', 1, 'append', 'b', 'k'], ['ok', 1, 'append', 'b', 'k'], ['invoke', 2, 'get', null, 'k'], ['ok', 2, 'get', 'ba', 'k']);
    expect(checkLinearizableReference(bad, kv)).toBe(false);
  });
});
