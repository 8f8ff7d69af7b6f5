/**
 * The Porcupine test histories in the shared corpus folder
 * (`<corpus>/porcupine/`, described by its MANIFEST.tsv): which files exist
 * and what verdict each should get.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { corpusDir } from '../traces/corpus-dir.js';
import type { Expected } from './expected-verdict.js';

/** One row of MANIFEST.tsv that has an expected verdict. */
export interface CorpusFile {
  /** Path relative to the porcupine folder, e.g. `jepsen/etcd_000.log`. */
  readonly file: string;
  readonly path: string;
  readonly model: string;
  readonly expected: Expected;
}

/** The porcupine folder, or why it is not available. */
export function porcupineDir(): { dir: string } | { skipped: string } {
  const dir = corpusDir();
  if (dir === undefined) return { skipped: 'corpus folder not found (expected ../shared/corpus beside the repository, or set QUORATE_CORPUS)' };
  return { dir: join(dir, 'porcupine') };
}

/** Parse MANIFEST.tsv; rows whose `expected` is neither `linearizable` nor `not` (the empty etcd_095.log) are left out. */
export function parseManifest(text: string, dir: string): CorpusFile[] {
  const [header, ...rows] = text.split('\n').filter((l) => l.trim() !== '');
  const cols = (header ?? '').split('\t');
  const at = (name: string): number => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv: no "${name}" column`);
    return i;
  };
  const [fileCol, modelCol, expectedCol] = [at('file'), at('model'), at('expected')];
  const out: CorpusFile[] = [];
  for (const row of rows) {
    const cells = row.split('\t');
    const file = cells[fileCol] ?? '';
    const e = cells[expectedCol];
    if (e !== 'linearizable' && e !== 'not') continue;
    out.push({ file, path: join(dir, file), model: cells[modelCol] ?? '', expected: e === 'linearizable' ? 'ok' : 'violation' });
  }
  return out;
}

/** The corpus files with an expected verdict, or why there are none. */
export async function porcupineFiles(): Promise<{ files: CorpusFile[] } | { skipped: string }> {
  const d = porcupineDir();
  if ('skipped' in d) return d;
  let text: string;
  try {
    text = await readFile(join(d.dir, 'MANIFEST.tsv'), 'utf8');
  } catch {
    return { skipped: `no MANIFEST.tsv in ${d.dir}` };
  }
  return { files: parseManifest(text, d.dir) };
}
