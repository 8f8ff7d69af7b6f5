import { describe, expect, it } from 'vitest';
import { checkSessionSemantics, type FileOp, type Publication } from './session-check.js';
import { fileServiceModel } from './file-service.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';

let n = 0;
function op(session: string, f: string, input: JsonValue, output: JsonValue | undefined, t0: number, t1: number | undefined, status: FileOp['status'] = 'ok', key = 'a'): FileOp {
  return { id: `r${n++}`, session, f, key, input, output, status, invokeTime: t0, ...(t1 === undefined ? {} : { completeTime: t1 }) };
}
const pub = (close: FileOp, v: number, data: string, at: number): Publication => ({ key: 'a', v, data, req: close.id, at });

/** c1 writes "x" into a (v1, committed at 15), c2 opens a at `openAt` and gets `got`. */
function writerThenReader(got: { v: number; data: string }, openAt: number): { ops: FileOp[]; pubs: Publication[] } {
  const ops = [op('c1', 'open', null, { v: 0, data: '' }, 0, 1), op('c1', 'write', 'x', 'x', 2, 2), op('c1', 'read', null, 'x', 3, 3)];
  const close = op('c1', 'close', ['x'], { v: 1 }, 10, 20);
  ops.push(close, op('c2', 'open', null, got, openAt, openAt + 1));
  return { ops, pubs: [pub(close, 1, 'x', 15)] };
}

describe('session semantics with freshness bound Δ', () => {
  it('passes a writer then a fresh reader', () => {
    const { ops, pubs } = writerThenReader({ v: 1, data: 'x' }, 30);
    expect(checkSessionSemantics(ops, pubs, 0)).toEqual({ verdict: 'pass' });
  });

  it('allows an old version within Δ of the next commit, and fails it beyond', () => {
    const { ops, pubs } = writerThenReader({ v: 0, data: '' }, 30);
    expect(checkSessionSemantics(ops, pubs, 20).verdict).toBe('pass');
    const r = checkSessionSemantics(ops, pubs, 10);
    expect(r.verdict).toBe('fail');
    if (r.verdict === 'fail') {
      expect(r.detail).toMatch(/stale open/);
      expect(r.horizon).toBe(31);
    }
  });

  it('an open concurrent with the commit may return either version with Δ = 0', () => {
    for (const got of [{ v: 0, data: '' }, { v: 1, data: 'x' }]) {
      const { ops, pubs } = writerThenReader(got, 14);
      expect(checkSessionSemantics(ops, pubs, 0).verdict).toBe('pass');
    }
  });

  it('fails a version that was never published, or with other content', () => {
    expect(checkSessionSemantics(writerThenReader({ v: 2, data: 'x' }, 30).ops, writerThenReader({ v: 2, data: 'x' }, 30).pubs, 0).verdict).toBe('fail');
    const h = writerThenReader({ v: 1, data: 'y' }, 30);
    expect(checkSessionSemantics(h.ops, h.pubs, 0)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/that version holds/) });
  });

  it('fails an open returning a version before its commit', () => {
    const h = writerThenReader({ v: 1, data: 'x' }, 5);
    expect(checkSessionSemantics(h.ops, h.pubs, 1_000)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/before it was committed/) });
  });

  it('fails a partial store: the publication lacks one of the session\'s writes', () => {
    const ops = [op('c1', 'open', null, { v: 0, data: '' }, 0, 1), op('c1', 'write', 'x', 'x', 2, 2), op('c1', 'write', 'y', 'y', 3, 3)];
    const close = op('c1', 'close', ['x', 'y'], { v: 1 }, 10, 20);
    ops.push(close);
    expect(checkSessionSemantics(ops, [pub(close, 1, 'x', 15)], 0)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/not the session's content "x y"/) });
    expect(checkSessionSemantics(ops, [pub(close, 1, 'x y', 15)], 0).verdict).toBe('pass');
  });

  it('fails a read that does not see the session\'s own write, or its opened version', () => {
    const ops = [op('c1', 'open', null, { v: 0, data: '' }, 0, 1), op('c1', 'write', 'x', 'x', 2, 2), op('c1', 'read', null, '', 3, 3)];
    expect(checkSessionSemantics(ops, [], 0)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/session's view is "x"/) });
  });

  it('a close that ended info may or may not have published; one that completed ok must have', () => {
    const base = [op('c1', 'open', null, { v: 0, data: '' }, 0, 1), op('c1', 'write', 'x', 'x', 2, 2)];
    const info = op('c1', 'close', ['x'], undefined, 10, undefined, 'info');
    expect(checkSessionSemantics([...base, info], [], 0).verdict).toBe('pass');
    expect(checkSessionSemantics([...base, info], [pub(info, 1, 'x', 50)], 0).verdict).toBe('pass');
    const ok = op('c1', 'close', ['x'], { v: 1 }, 10, 20);
    expect(checkSessionSemantics([...base, ok], [], 0)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/never committed/) });
    const failed = op('c1', 'close', ['x'], undefined, 10, 20, 'fail');
    expect(checkSessionSemantics([...base, failed], [pub(failed, 1, 'x', 15)], 0).verdict).toBe('fail');
  });

  it('fails a close that publishes twice, and versions that skip', () => {
    const base = [op('c1', 'open', null, { v: 0, data: '' }, 0, 1), op('c1', 'write', 'x', 'x', 2, 2)];
    const close = op('c1', 'close', ['x'], { v: 1 }, 10, 20);
    expect(checkSessionSemantics([...base, close], [pub(close, 1, 'x', 12), pub(close, 2, 'x', 13)], 0)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/published twice/) });
    expect(checkSessionSemantics([...base, close], [pub(close, 2, 'x', 12)], 0)).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/versions must follow/) });
  });

  it('fails an operation outside a session', () => {
    expect(checkSessionSemantics([op('c1', 'read', null, '', 0, 1)], [], 0).verdict).toBe('fail');
  });

  it('is unknown without times or without the server\'s commits', () => {
    const { ops, pubs } = writerThenReader({ v: 1, data: 'x' }, 30);
    expect(checkSessionSemantics(ops, undefined, 0).verdict).toBe('unknown');
    const untimed = ops.map((o) => ({ ...o, invokeTime: undefined }));
    expect(checkSessionSemantics(untimed, pubs, 0).verdict).toBe('unknown');
  });
});

describe('the file-service model', () => {
  const m = fileServiceModel;
  it('publishes a session\'s tokens as the next version at close', () => {
    const s1 = m.step(m.init(), { f: 'close', key: 'a', value: ['x', 'y'] }, undefined);
    expect(s1.next).toEqual({ a: { v: 1, data: 'x y' } });
    expect(m.step(s1.next, { f: 'open', key: 'a', value: null }, { v: 1, data: 'x y' }).legal).toBe(true);
    expect(m.step(s1.next, { f: 'open', key: 'a', value: null }, { v: 0, data: '' }).legal).toBe(false);
    expect(m.step(s1.next, { f: 'close', key: 'a', value: ['z'] }, { v: 3 }).legal).toBe(false);
    expect(m.step(s1.next, { f: 'close', key: 'a', value: [] }, undefined).next).toBe(s1.next);
    expect(m.equal(m.init(), { a: { v: 0, data: '' } })).toBe(true);
    expect(m.hash(m.init())).toBe(m.hash({ a: { v: 0, data: '' } }));
    expect(m.isReadOnly?.({ f: 'close', key: 'a', value: ['x'] })).toBe(false);
  });
});
