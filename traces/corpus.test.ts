import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusDir } from './corpus-dir.js';
import { InputError } from './errors.js';
import { readHistory } from './read-history.js';

const root = corpusDir();
const porcupine = root === undefined ? undefined : path.join(root, 'porcupine');

/** Rows of a TSV file as records keyed by its header. */
function tsv(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = head!.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i]!, v])));
}

if (porcupine === undefined) console.warn('Porcupine corpus reading skipped: ../shared/corpus not found (set QUORATE_CORPUS to its path); under CI=true this skip fails CI');

describe.skipIf(porcupine === undefined)('Porcupine corpus', () => {
  const manifest = porcupine === undefined ? [] : tsv(path.join(porcupine, 'MANIFEST.tsv'));
  const details = new Map(porcupine === undefined ? [] : tsv(path.join(porcupine, 'DETAILS.tsv')).map((r) => [r['file'], r]));

  it('lists 109 files', () => {
    expect(manifest).toHaveLength(109);
  });

  // MANIFEST's `ops` counts every invocation, including those that completed `fail`
  // (dropped from History.ops, counted in History.failed).
  it.each(manifest.filter((r) => r['ops'] !== '0' && r['expected'] !== 'unknown').map((r) => [r['file']!, r] as const))(
    '%s: operation counts match MANIFEST and DETAILS',
    async (file, row) => {
      const h = await readHistory(path.join(porcupine!, file));
      expect(h.format).toBe(file.startsWith('jepsen/') ? 'jepsen-log' : 'edn');
      expect(h.ops.length + h.failed).toBe(Number(row['ops']));
      const d = details.get(file)!;
      expect(h.ops.filter((o) => o.status === 'info').length).toBe(Number(d['info_timeouts(crashed_ops)']));
      expect(h.ops.every((o) => o.status === 'info' || o.ret > o.call)).toBe(true);
      if (file.startsWith('kv/')) expect(new Set(h.ops.map((o) => o.key)).size).toBeGreaterThan(1);
    },
  );

  it('the empty etcd_095.log is the empty-file InputError', async () => {
    const p = path.join(porcupine!, 'jepsen/etcd_095.log');
    await expect(readHistory(p)).rejects.toBeInstanceOf(InputError);
    await expect(readHistory(p)).rejects.toThrow(
      `${p}: empty file: no operations (a recorder that wrote nothing is almost always a fault)`,
    );
  });
});
