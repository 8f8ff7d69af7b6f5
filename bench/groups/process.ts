/**
 * Whole-process groups: `quorate check` as a user runs it (text output, with
 * witnesses), timed from spawn to exit beside Porcupine's driver on the same
 * files, or beside a baseline process, in the same run (process-group.ts).
 * Targets: etcd ≤ 0.5 × Porcupine, kv ≤ 1 ×, c50-bad ≤ 3 × and < 300 MB,
 * a 10-operation file ≤ 2 × `node -e 0`, a generated 1,000,000-operation
 * history ≤ 3 × a script that only reads and parses it, and < 500 MB.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory, historyJsonlLines, writeHistoryJsonl } from '../../harness/workload/gen-history.js';
import { repoRoot } from '../../traces/corpus-dir.js';
import { anchorArgs, anchorFromEnv } from '../anchor.js';
import type { BenchGroup } from '../bench-group.js';
import { porcupineFiles, type CorpusFile } from '../porcupine-corpus.js';
import { processGroup, quorateCommand, type ProcessPair } from '../process-group.js';

const cli = (): string => path.join(repoRoot(), 'dist', 'harness', 'cli', 'main.js');

/** quorate on the selected corpus files vs porcbench (`-runs 1`: parse and check once, as a user would run it). */
function corpusPair(select: (f: CorpusFile) => boolean, only: string, model: string, expectedStatus: number) {
  return async (): Promise<ProcessPair | { skipped: string }> => {
    const found = await porcupineFiles();
    if ('skipped' in found) return found;
    const anchor = anchorFromEnv();
    if ('missing' in anchor) return { skipped: `${anchor.missing}: no ratio` };
    const files = found.files.filter(select);
    const dataDir = path.dirname(path.dirname(files[0]!.path));
    return {
      quorate: quorateCommand(cli(), ['check', '--model', model, ...files.map((f) => f.path)]),
      anchor: { cmd: anchor.bin, args: anchorArgs(dataDir, only) },
      expectedStatus,
      files: files.length,
    };
  };
}

export const etcdProcessGroup: BenchGroup = processGroup({
  name: 'etcd-process',
  description: 'whole process: `quorate check --model register` on the 102 etcd histories (text, witnesses) vs Porcupine\'s driver on the same files; target ≤ 0.5',
  anchorKind: 'porcupine',
  targetRatio: 0.5,
  usesAnchor: true,
  prepare: corpusPair((f) => f.file.startsWith('jepsen/'), '^jepsen/', 'register', 1),
});

export const kvProcessGroup: BenchGroup = processGroup({
  name: 'kv-process',
  description: 'whole process: `quorate check --model kv` on the 6 kv histories vs Porcupine\'s driver; target ≤ 1',
  anchorKind: 'porcupine',
  targetRatio: 1,
  usesAnchor: true,
  prepare: corpusPair((f) => f.file.startsWith('kv/'), '^kv/', 'kv', 1),
});

export const c50BadProcessGroup: BenchGroup = processGroup({
  name: 'c50-bad-process',
  description: 'whole process: `quorate check --model kv kv/c50-bad.txt` (exit 1) vs Porcupine\'s driver on it; target ≤ 3 and < 300 MB',
  anchorKind: 'porcupine',
  targetRatio: 3,
  targetPeakMB: 300,
  usesAnchor: true,
  prepare: corpusPair((f) => f.file === 'kv/c50-bad.txt', '^kv/c50-bad\\.txt$', 'kv', 1),
});

export const startupGroup: BenchGroup = processGroup({
  name: 'startup-10',
  description: 'whole process: `quorate check` on a 10-operation kv file (model inferred) vs `node -e 0`; target ≤ 2',
  anchorKind: 'reference',
  targetRatio: 2,
  async prepare(dir) {
    const file = path.join(dir, 'ten.jsonl');
    const { ops } = generateHistory({ model: 'kv', ops: 10, keys: 2, clients: 3, seed: 10 });
    writeFileSync(file, [...historyJsonlLines(ops)].join('\n') + '\n');
    return { quorate: quorateCommand(cli(), ['check', file]), anchor: { cmd: process.execPath, args: ['-e', '0'] }, expectedStatus: 0, files: 1, ops: ops.length };
  },
});

export const gen1mProcessGroup: BenchGroup = processGroup({
  name: 'gen-1m-process',
  description: 'whole process: `quorate check --model kv` on a generated 1,000,000-operation kv history (JSONL) vs a Node script that only reads and parses it; target ≤ 3 and < 500 MB',
  anchorKind: 'reference',
  targetRatio: 3,
  targetPeakMB: 500,
  rounds: 3,
  async prepare(dir) {
    const file = path.join(dir, 'gen-1m.jsonl');
    const g0 = performance.now();
    const { ops } = generateHistory({ model: 'kv', ops: 1_000_000, keys: 10, clients: 20, infoRate: 0, seed: 20_240_601 });
    await writeHistoryJsonl(ops, file);
    const genMs = performance.now() - g0;
    const floor = fileURLToPath(new URL('../read-floor.js', import.meta.url));
    return {
      quorate: quorateCommand(cli(), ['check', '--model', 'kv', file]),
      anchor: { cmd: process.execPath, args: [floor, file] },
      expectedStatus: 0, files: 1, ops: ops.length, genMs,
      notes: ['medians of 3 rounds (each side takes seconds)'],
    };
  },
});
