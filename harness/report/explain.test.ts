import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseHistoryText } from '../../traces/read-history.js';
import { kvModel } from '../../spec/kv.js';
import { registerModel } from '../../spec/register.js';
import type { Model } from '../../spec/model.js';
import { checkOperationsSync } from '../check/linearizability.js';
import { corpusDir } from '../../traces/corpus-dir.js';
import { explainWitness } from './explain.js';

function witnessOf(text: string, model: Model) {
  const r = checkOperationsSync(parseHistoryText(text, 'h.jsonl').ops, model, { maxSteps: 10_000_000 });
  if (!('witness' in r)) throw new Error(`expected a violation, got ${r.verdict}`);
  return r.witness;
}

const jsonl = (events: object[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

const corpus = corpusDir();

describe('the violation in plain words', () => {
  it.skipIf(corpus === undefined)('names the read, the acknowledged append it misses, and their lines, on the 50-client kv history', () => {
    const text = readFileSync(path.join(corpus as string, 'porcupine/kv/c50-bad.txt'), 'utf8');
    const e = explainWitness(witnessOf(text, kvModel as Model));
    expect(e.text).toBe('get "3" at line 442 returned a value without append "x 4 1 y", which was acknowledged at line 439, before the get began, ' +
      'and no put that could come between them explains it (after a put the value starts with what it wrote, and appends only extend it)');
    expect(e.read?.line).toBe(442);
    expect(e.missed).toEqual({ invokeLine: 422, ackLine: 439, describe: 'append "3" "x 4 1 y"' });
  });

  it('does not blame an append that a put ordered between them may have erased', () => {
    // append a, then put b overlapping the get: the get returning "b" is fine; returning "" is not, and the proof names the put's value.
    const h = jsonl([
      { type: 'invoke', process: 0, f: 'append', key: 'k', value: 'a' }, { type: 'ok', process: 0, f: 'append', key: 'k', value: 'a' },
      { type: 'invoke', process: 1, f: 'put', key: 'k', value: 'b' },
      { type: 'invoke', process: 2, f: 'get', key: 'k', value: null }, { type: 'ok', process: 2, f: 'get', key: 'k', value: 'c' },
      { type: 'ok', process: 1, f: 'put', key: 'k', value: 'b' },
    ]);
    const e = explainWitness(witnessOf(h, kvModel as Model));
    // "c" lacks "a", but the put of "b" may come between and "c" does not start with "b"… so the append is still missed.
    expect(e.text).toContain('without append "a"');
    const ok = jsonl([
      { type: 'invoke', process: 0, f: 'append', key: 'k', value: 'a' }, { type: 'ok', process: 0, f: 'append', key: 'k', value: 'a' },
      { type: 'invoke', process: 1, f: 'put', key: 'k', value: 'b' },
      { type: 'invoke', process: 2, f: 'get', key: 'k', value: null }, { type: 'ok', process: 2, f: 'get', key: 'k', value: 'bz' },
      { type: 'ok', process: 1, f: 'put', key: 'k', value: 'b' },
    ]);
    // "bz": nobody appended z, so it is not linearizable, but the put excuses the missing "a": no missed-write proof.
    const e2 = explainWitness(witnessOf(ok, kvModel as Model));
    expect(e2.missed).toBeUndefined();
    expect(e2.text).toContain('cannot be put in any order');
  });

  it('explains a register read that returns neither the acknowledged write nor a later one', () => {
    const h = jsonl([
      { type: 'invoke', process: 0, f: 'write', value: 1 }, { type: 'ok', process: 0, f: 'write', value: 1 },
      { type: 'invoke', process: 1, f: 'write', value: 2 }, { type: 'ok', process: 1, f: 'write', value: 2 },
      { type: 'invoke', process: 2, f: 'read', value: null }, { type: 'ok', process: 2, f: 'read', value: 1 },
    ]);
    const e = explainWitness(witnessOf(h, registerModel as Model));
    expect(e.text).toBe('read at line 5 returned 1, but write 2 was acknowledged at line 4, before the read began, and no write that could come between them wrote 1');
  });

  it('adds the recorded time to each line when there is one', () => {
    const h = jsonl([
      { type: 'invoke', process: 0, f: 'write', value: 1 }, { type: 'ok', process: 0, f: 'write', value: 1 },
      { type: 'invoke', process: 2, f: 'read', value: null }, { type: 'ok', process: 2, f: 'read', value: null },
    ]);
    const e = explainWitness(witnessOf(h, registerModel as Model), (line) => line * 1000);
    expect(e.text).toContain('at line 3 (3.000 ms)');
    expect(e.text).toContain('acknowledged at line 2 (2.000 ms)');
  });
});
