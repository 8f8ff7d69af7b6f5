import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Model } from '../../spec/model.js';
import type { Operation } from '../../traces/history.js';
import { registerModel } from '../../spec/register.js';
import { kvModel } from '../../spec/kv.js';
import { checkLinearizableReference } from '../../spec/linearizability.js';
import { checkOperations, checkOperationsSync } from './linearizability.js';
import { history } from './testing/ops.js';
import { sourceOp, witnessHistory } from './testing/witness-ops.js';
import type { Witness } from '../../spec/check-result.js';
import { corpusDir } from '../../traces/corpus-dir.js';
import { parseHistoryText } from '../../traces/read-history.js';
import { generateHistory } from '../workload/gen-history.js';

const reg = registerModel as Model;
const kv = kvModel as Model;
const dir = corpusDir();
const CORPUS = dir === undefined ? undefined : path.join(dir, 'porcupine');
const manifest = (CORPUS === undefined ? '' : readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8'))
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .filter((c) => c[2] !== 'unknown')
  .map((c) => ({ file: c[0]!, expected: c[2] === 'linearizable' ? 'linearizable' : 'not-linearizable' }));
if (CORPUS === undefined) console.warn('checker corpus tests skipped: ../shared/corpus not found (set QUORATE_CORPUS to its path)');
const load = (file: string) => {
  const full = path.join(CORPUS ?? '', file);
  return { ops: parseHistoryText(readFileSync(full, 'utf8'), full).ops, model: file.startsWith('jepsen') ? reg : kv };
};

/** Every operation a witness lists is one of its own operations, shown exactly as in its `ops`. */
function expectSelfConsistent(w: Witness): void {
  const own = new Map(w.ops.map((op) => [op.lines.invoke, op]));
  for (const op of [...w.linearized, ...w.stuck]) expect(op).toEqual(own.get(op.lines.invoke));
}

describe('checkOperationsSync: known cases', () => {
  it('reports the violation that shows earliest in the history, not the first one found', () => {
    // Key "a" comes first (so its search runs first) but fails only at its read at line 10; key "b" reads a
    // value nobody wrote at line 4. The witness is key "b"'s; with --witness none nothing extra is searched.
    const h = history(
      ['invoke', 0, 'write', 1, 'a'], ['ok', 0, 'write', 1, 'a'],
      ['invoke', 1, 'read', null, 'b'], ['ok', 1, 'read', 7, 'b'],
      ['invoke', 2, 'write', 2, 'a'], ['ok', 2, 'write', 2, 'a'],
      ['invoke', 3, 'write', 3, 'a'], ['ok', 3, 'write', 3, 'a'],
      ['invoke', 0, 'read', null, 'a'], ['ok', 0, 'read', 1, 'a'],
    );
    const r = checkOperationsSync(h, reg);
    expect(r.verdict).toBe('not-linearizable');
    if (r.verdict !== 'not-linearizable') return;
    expect(r.witness.key).toBe('b');
    expect(r.witness.ops.map((op) => op.lines.invoke)).toEqual([3]);
    const first = checkOperationsSync(h, reg, { minimize: false });
    expect(first.verdict === 'not-linearizable' && first.witness.key).toBe('a');
  });

  it('finds a stale read after a write completed, with a minimal witness', () => {
    const h = history(
      ['invoke', 0, 'write', 1],
      ['ok', 0, 'write', 1],
      ['invoke', 2, 'read', null],
      ['ok', 2, 'read', 1],
      ['invoke', 1, 'read', null],
      ['ok', 1, 'read', null],
    );
    const r = checkOperationsSync(h, reg);
    expect(r.verdict).toBe('not-linearizable');
    if (r.verdict !== 'not-linearizable') return;
    expect(r.witness.ops.map((op) => op.f)).toEqual(['write', 'read']);
    expect(r.witness.ops[1]).toEqual({ process: 1, f: 'read', key: null, value: null, status: 'ok', lines: { invoke: 5, complete: 6 }, describe: 'read -> null' });
    expect(r.witness.pattern).toBe('no-linearization');
    // The prefix and the culprit are the witness's own operations (the read of 1 was removed from it).
    expect(r.witness.linearized).toEqual([r.witness.ops[0]]);
    expect(r.witness.stuck).toEqual([r.witness.ops[1]]);
    expect(r.witness.state).toBe('1');
    expect(JSON.parse(JSON.stringify(r.witness))).toEqual(r.witness);
  });

  it('shows an indeterminate operation with the line of its info completion', () => {
    // (The indeterminate write is read, so the witness needs it: one nothing observes would be dropped up front.)
    const h = history(
      ['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ['invoke', 1, 'write', 2], ['info', 1, 'write', 2],
      ['invoke', 2, 'read', null], ['ok', 2, 'read', 2], ['invoke', 3, 'read', null], ['ok', 3, 'read', 1],
    );
    const r = checkOperationsSync(h, reg);
    expect(r.verdict).toBe('not-linearizable');
    if (r.verdict !== 'not-linearizable') return;
    expect(r.witness.ops.find((op) => op.process === 1)).toMatchObject({ status: 'info', lines: { invoke: 3, complete: null, info: 4 } });
    expectSelfConsistent(r.witness);
  });

  it('accepts concurrent writes read in either order, and an indeterminate write seen late', () => {
    const h = history(
      ['invoke', 0, 'write', 1],
      ['invoke', 1, 'write', 2],
      ['ok', 0, 'write', 1],
      ['ok', 1, 'write', 2],
      ['invoke', 2, 'write', 3],
      ['info', 2, 'write', 3],
      ['invoke', 3, 'read', null],
      ['ok', 3, 'read', 1],
      ['invoke', 4, 'read', null],
      ['ok', 4, 'read', 3],
    );
    expect(checkOperationsSync(h, reg).verdict).toBe('linearizable');
  });

  it('rejects a value that was never written, and a failed cas is ignored', () => {
    const h = history(['invoke', 0, 'cas', [0, 5]], ['fail', 0, 'cas', [0, 5]], ['invoke', 1, 'read', null], ['ok', 1, 'read', 5]);
    expect(h).toHaveLength(1);
    expect(checkOperationsSync(h, reg).verdict).toBe('not-linearizable');
  });

  it('keeps keys apart and reports the violating key', () => {
    const h = history(
      ['invoke', 0, 'put', 'a', 'x'],
      ['ok', 0, 'put', 'a', 'x'],
      ['invoke', 1, 'get', null, 'y'],
      ['ok', 1, 'get', '', 'y'],
      ['invoke', 2, 'get', null, 'x'],
      ['ok', 2, 'get', 'b', 'x'],
    );
    const r = checkOperationsSync(h, kv);
    expect(r.verdict).toBe('not-linearizable');
    if (r.verdict === 'not-linearizable') expect(r.witness.key).toBe('x');
  });

  it('handles histories of indeterminate operations only', () => {
    const h = history(['invoke', 0, 'write', 1], ['invoke', 1, 'cas', [2, 3]]);
    expect(checkOperationsSync(h, reg).verdict).toBe('linearizable');
    expect(checkOperationsSync([], reg).verdict).toBe('linearizable');
  });
});

describe.skipIf(CORPUS === undefined)('the Porcupine corpus', () => {
  it('gets every expected verdict (etcd register, kv split by key)', () => {
    for (const { file, expected } of manifest) {
      const { ops, model } = load(file);
      expect([file, checkOperationsSync(ops, model, { minimize: false }).verdict]).toEqual([file, expected]);
    }
  });

  it('finds the easy key of c50-bad although keys "0" and "9" are hard, with a genuine witness', () => {
    const { ops } = load('kv/c50-bad.txt');
    const r = checkOperationsSync(ops, kv, { maxMemoryBytes: 1e9 });
    expect(r.verdict).toBe('not-linearizable');
    if (r.verdict !== 'not-linearizable') return;
    expect(r.stats.ms).toBeLessThan(10_000);
    const w = r.witness;
    expect(w.ops.length).toBeLessThan(ops.filter((op) => op.key === w.key).length);
    expect(checkOperationsSync(witnessHistory(w, ops), kv).verdict).toBe('not-linearizable');
    expectSelfConsistent(w);
    // Operations completed only after the cut are indeterminate, with the line where they completed.
    const late = w.ops.filter((op) => op.lines.completesAfterCut !== undefined);
    expect(late.length).toBeGreaterThan(0);
    for (const op of late) expect([op.status, op.lines.complete, sourceOp({ ...op, status: 'ok' }, ops).retLine]).toEqual(['info', null, op.lines.completesAfterCut]);
  });

  it('gives the same verdicts sync, async and on worker threads', async () => {
    for (const file of ['kv/c10-bad.txt', 'kv/c10-ok.txt', 'kv/c50-bad.txt', 'jepsen/etcd_000.log', 'jepsen/etcd_002.log']) {
      const { ops, model } = load(file);
      const sync = checkOperationsSync(ops, model, { minimize: false }).verdict;
      expect((await checkOperations(ops, model, { minimize: false })).verdict).toBe(sync);
      const viaWorkers = await checkOperations(ops, model, { workers: 2 });
      expect([file, viaWorkers.verdict]).toEqual([file, sync]);
      if (viaWorkers.verdict === 'not-linearizable') expect(checkOperationsSync(witnessHistory(viaWorkers.witness, ops), model).verdict).toBe('not-linearizable');
    }
  });
});

describe.skipIf(CORPUS === undefined)('budgets end in unknown', () => {
  let ops: readonly Operation[] = [];
  beforeAll(() => {
    ops = load('kv/c50-ok.txt').ops;
  });

  it('a step budget, deterministically', () => {
    const a = checkOperationsSync(ops, kv, { maxSteps: 10_000 });
    const b = checkOperationsSync(ops, kv, { maxSteps: 10_000 });
    expect(a.verdict).toBe('unknown');
    if (a.verdict === 'unknown') expect(a.reason).toMatch(/step budget of 10000/);
    expect(b).toEqual({ ...a, stats: { ...a.stats, ms: b.stats.ms } });
  });

  it('a wall-clock budget', async () => {
    const r = await checkOperations(ops, kv, { timeoutMs: 1 });
    expect(r.verdict).toBe('unknown');
    if (r.verdict === 'unknown') expect(r.reason).toMatch(/timeout of 1 ms/);
    expect(r.stats.ms).toBeLessThan(1000);
  });

  it('a memory budget', () => {
    const r = checkOperationsSync(ops, kv, { maxMemoryBytes: 100_000 });
    expect(r.verdict).toBe('unknown');
    if (r.verdict === 'unknown') expect(r.reason).toMatch(/memory budget/);
  });

  it('an abort signal, also with workers', async () => {
    for (const workers of [0, 2]) {
      const ac = new AbortController();
      ac.abort();
      const r = await checkOperations(ops, kv, { signal: ac.signal, workers });
      expect(r.verdict).toBe('unknown');
    }
  });

  it('a budget hit during minimization still yields a violating witness', () => {
    const { ops: bad } = load('kv/c50-bad.txt');
    const r = checkOperationsSync(bad, kv, { maxMinimizeSteps: 500 });
    expect(r.verdict).toBe('not-linearizable');
    if (r.verdict === 'not-linearizable') expect(checkOperationsSync(witnessHistory(r.witness, bad), kv).verdict).toBe('not-linearizable');
  });
});

describe('large histories', () => {
  it('checks 100,000 generated kv operations (10 keys, 20 clients, 0.1% indeterminate)', () => {
    const ops = generateHistory({ model: 'kv', ops: 100_000, keys: 10, clients: 20, seed: 1, infoRate: 0.001 }).ops;
    const r = checkOperationsSync(ops, kv);
    expect(r.verdict).toBe('linearizable');
    expect(r.stats.peakMemoBytes).toBeLessThan(2e8);
  });

  it('finds a stale read planted in a long history', () => {
    const ops = generateHistory({ model: 'kv', ops: 20_000, keys: 2, clients: 6, seed: 2 }).ops;
    const i = ops.findIndex((op, k) => k > 15_000 && op.f === 'get' && op.output !== '');
    const bad = ops.map((op, k) => (k === i ? { ...op, output: 'never written' } : op));
    const r = checkOperationsSync(bad, kv);
    expect(r.verdict).toBe('not-linearizable');
    if (r.verdict !== 'not-linearizable') return;
    expect(r.witness.ops.map((op) => op.lines.invoke)).toContain(bad[i]!.callLine);
    expectSelfConsistent(r.witness);
    const own = witnessHistory(r.witness, bad);
    expect(checkLinearizableReference(own.length <= 10 ? own : [], kv)).toBe(own.length > 10);
  });
});
