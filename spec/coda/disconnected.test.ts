import { describe, expect, it } from 'vitest';
import { checkDisconnectedSessions } from './disconnected.js';
import type { FileOp, Publication } from '../afs/session-check.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';

let n = 0;
function op(session: string, f: string, input: JsonValue, output: JsonValue | undefined, t0: number, t1: number, key = 'a'): FileOp {
  return { id: `r${n++}`, session, f, key, input, output, status: 'ok', invokeTime: t0, completeTime: t1 };
}

/** c1, disconnected, opens a from its cache, writes x and logs the close; c2 meanwhile stores y (v1). */
function disconnectedWriter(): { ops: FileOp[]; logged: FileOp; pubs: Publication[] } {
  const ops = [op('c1', 'open', null, { v: 0, data: '', emulated: true }, 100, 100), op('c1', 'write', 'x', 'x', 101, 101)];
  const logged = op('c1', 'close', ['x'], { v: null, logged: true }, 102, 102);
  const c2 = [op('c2', 'open', null, { v: 0, data: '' }, 0, 1), op('c2', 'write', 'y', 'y', 2, 2)];
  const close2 = op('c2', 'close', ['y'], { v: 1 }, 50, 60);
  ops.push(logged, ...c2, close2);
  return { ops, logged, pubs: [{ key: 'a', v: 1, data: 'y', req: close2.id, at: 55 }] };
}

describe('Coda disconnected operation', () => {
  it('a disconnected open may return a stale cached version; its own logged content too', () => {
    const { ops, logged, pubs } = disconnectedWriter();
    const local = op('c1', 'open', null, { v: 0, data: 'x', emulated: true, local: true }, 200, 200);
    expect(checkDisconnectedSessions([...ops, local], pubs, 0, { closures: [], logged: [logged.id] }).verdict).toBe('pass');
    const forged = op('c1', 'open', null, { v: 0, data: 'z', emulated: true, local: true }, 200, 200);
    expect(checkDisconnectedSessions([...ops, forged], [], 0, { closures: [], logged: [logged.id] }).verdict).toBe('fail');
  });

  it('accounts every logged update: reintegrated, in a reported closure, or still logged — else it was lost', () => {
    const { ops, logged, pubs } = disconnectedWriter();
    expect(checkDisconnectedSessions(ops, pubs, 0, { closures: [logged.id], logged: [] }).verdict).toBe('pass');
    expect(checkDisconnectedSessions(ops, pubs, 0, { closures: [], logged: [logged.id] }).verdict).toBe('pass');
    expect(checkDisconnectedSessions(ops, pubs, 0, { closures: [], logged: [] })).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/was lost/) });
  });

  it('fails a reintegration that overwrote a store made while the client was disconnected', () => {
    const { ops, logged, pubs } = disconnectedWriter();
    const replay: Publication = { key: 'a', v: 2, data: 'x', req: logged.id, at: 300, ids: [logged.id], base: 0 };
    expect(checkDisconnectedSessions(ops, [...pubs, replay], 0, { closures: [], logged: [] })).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/overwriting/) });
    const onBase: Publication = { ...replay, v: 1, at: 40 };
    const alone = ops.filter((o) => o.session === 'c1');
    expect(checkDisconnectedSessions(alone, [onBase], 0, { closures: [], logged: [] }).verdict).toBe('fail'); // committed before its close was invoked
    expect(checkDisconnectedSessions(alone, [{ ...onBase, at: 300 }], 0, { closures: [], logged: [] }).verdict).toBe('pass');
  });

  it('a record that cancelled an earlier close publishes the last content and accounts for both', () => {
    const a = [op('c1', 'open', null, { v: 0, data: '', emulated: true }, 0, 0), op('c1', 'write', 'x', 'x', 1, 1)];
    const c1 = op('c1', 'close', ['x'], { v: null, logged: true }, 2, 2);
    const b = [op('c1', 'open', null, { v: 0, data: 'x', emulated: true, local: true }, 3, 3), op('c1', 'write', 'y', 'y', 4, 4)];
    const c2 = op('c1', 'close', ['y'], { v: null, logged: true }, 5, 5);
    const ops = [...a, c1, ...b, c2];
    const pub: Publication = { key: 'a', v: 1, data: 'y', req: c2.id, at: 10, ids: [c1.id, c2.id], base: 0 };
    expect(checkDisconnectedSessions(ops, [pub], 0, { closures: [], logged: [] }).verdict).toBe('pass');
    expect(checkDisconnectedSessions(ops, [{ ...pub, data: 'x' }], 0, { closures: [], logged: [] }).verdict).toBe('fail');
  });

  it('is unknown without the final logs', () => {
    const { ops, pubs } = disconnectedWriter();
    expect(checkDisconnectedSessions(ops, pubs, 0, undefined).verdict).toBe('unknown');
  });
});
