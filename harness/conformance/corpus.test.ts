/**
 * Ground truth from elsewhere: every history of Porcupine's test data
 * (../shared/corpus/porcupine, verdicts from Porcupine's own test suite) gets
 * the verdict MANIFEST.tsv records. Skipped, with a message, where the corpus
 * is not present (a user's machine).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusDir } from '../../traces/corpus-dir.js';
import { readHistory } from '../../traces/read-history.js';
import { registerModel } from '../../spec/register.js';
import { kvModel } from '../../spec/kv.js';
import { checkOperations } from '../check/linearizability.js';
import { InputError } from '../../traces/errors.js';

const dir = corpusDir();
const porcupine = dir === undefined ? undefined : path.join(dir, 'porcupine');
if (porcupine === undefined) {
  console.warn('corpus conformance skipped: ../shared/corpus not found (set QUORATE_CORPUS to its path)');
}

interface Row {
  file: string;
  model: string;
  expected: string;
}

function manifest(root: string): Row[] {
  const lines = readFileSync(path.join(root, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [file = '', model = '', expected = ''] = l.split('\t');
    return { file, model, expected };
  });
}

describe.skipIf(porcupine === undefined)('Porcupine corpus verdicts', () => {
  const rows = porcupine === undefined ? [] : manifest(porcupine);

  it('lists 109 histories', () => {
    expect(rows).toHaveLength(109);
  });

  it('agrees with every expected verdict', async () => {
    const root = porcupine ?? '';
    let agreed = 0;
    const disagreements: string[] = [];
    for (const row of rows) {
      const file = path.join(root, row.file);
      if (row.expected === 'unknown') {
        // The one empty file: no expected verdict; it must be rejected as bad input.
        await expect(readHistory(file)).rejects.toBeInstanceOf(InputError);
        continue;
      }
      const h = await readHistory(file);
      const model = row.model.includes('register') ? registerModel : kvModel;
      const r = await checkOperations(h.ops, model as never, { timeoutMs: 60_000 });
      const got = r.verdict === 'not-linearizable' ? 'not' : r.verdict; // MANIFEST.tsv writes `not`
      if (got === row.expected) agreed++;
      else disagreements.push(`${row.file}: expected ${row.expected}, got ${got}`);
    }
    expect(disagreements).toEqual([]);
    expect(agreed).toBe(108);
  });
});
