import { describe, expect, it } from 'vitest';
import type { Durable } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { CausalReplica } from './replica.js';

function disk(): Durable {
  const m = new Map<string, JsonValue>();
  return { get: (k) => m.get(k), put: (k, v) => void m.set(k, v), delete: (k) => void m.delete(k), keys: () => [...m.keys()] };
}

describe('causal replica', () => {
  it('holds a replicated write until the exact versions it depends on are applied', () => {
    const origin = new CausalReplica(disk(), 'n1', true);
    const x = origin.put('x', 'a', []);
    const y = origin.put('y', 'b', [{ key: 'x', v: x.v }]);
    const remote = new CausalReplica(disk(), 'n2', true);
    remote.receive(y, true);
    expect(remote.read('y')).toBeUndefined();
    expect(remote.waiting).toBe(1);
    remote.receive(x, true);
    expect(remote.read('y')?.value).toBe('b');
    expect(remote.read('x')?.value).toBe('a');
  });

  it('the mutant applies it at once; a restart reloads and re-applies what was persisted', () => {
    const origin = new CausalReplica(disk(), 'n1', true);
    const x = origin.put('x', 'a', []);
    const y = origin.put('y', 'b', [{ key: 'x', v: x.v }]);
    const mutant = new CausalReplica(disk(), 'n2', false);
    mutant.receive(y, true);
    expect(mutant.read('y')?.value).toBe('b');
    expect(mutant.read('x')).toBeUndefined();
    const d = disk();
    const before = new CausalReplica(d, 'n3', true);
    before.receive(y, true);
    before.receive(x, true);
    const after = new CausalReplica(d, 'n3', true);
    expect(after.read('y')?.value).toBe('b');
    expect(after.clock).toBe(y.v.t);
  });

  it('versions exceed their dependencies; last writer wins', () => {
    const r = new CausalReplica(disk(), 'n1', true);
    const z = { key: 'z', value: 'c', v: { t: 41, n: 'n9' }, seq: 1, deps: [] };
    r.receive(z, true);
    const w = r.put('x', 'a', [{ key: 'z', v: z.v }]);
    expect(w.v.t).toBe(42);
    r.receive({ key: 'x', value: 'old', v: { t: 3, n: 'n2' }, seq: 1, deps: [] }, true);
    expect(r.read('x')?.value).toBe('a');
  });
});
