/**
 * A benchmark group over files of the Porcupine corpus: read and parse every
 * file first, then time the checks alone beside Porcupine's checks of the
 * same files (both sides exclude parsing), and compare each verdict with
 * MANIFEST.tsv. The headline time is verdict-only, like the anchor; one more
 * pass times the same checks with witness minimization (the `quorate check`
 * default) and is reported beside it. Whole-process figures are the
 * `*-process` groups (process-group.ts).
 */
import { readHistory } from '../traces/read-history.js';
import type { History } from '../traces/history.js';
import { checkOperations } from '../harness/check/linearizability.js';
import type { Model } from '../spec/model.js';
import { dirname } from 'node:path';
import { anchorFromEnv, runAnchorCheck } from './anchor.js';
import type { BenchGroup, GroupMeasurement } from './bench-group.js';
import { benchRounds, median } from './process-timing.js';
import { VerdictCounter } from './expected-verdict.js';
import { porcupineFiles, type CorpusFile } from './porcupine-corpus.js';

/** What a corpus group checks. */
export interface CorpusGroupOptions {
  readonly name: string;
  readonly description: string;
  readonly targetPeakMB?: number;
  /** Which manifest rows belong to the group. */
  readonly select: (f: CorpusFile) => boolean;
  /** The same files as porcbench's `-only` regexp (Go syntax, over paths relative to the porcupine folder). */
  readonly only: string;
  readonly model: Model;
  readonly format: 'jsonl' | 'jepsen-log' | 'edn';
  /** Per-file budget, so a slow checker ends the bench with `unknown` instead of hanging. */
  readonly timeoutMs?: number;
}

/**
 * A group that checks the selected corpus files and reports check-only time
 * beside Porcupine's check-only time on the same files, measured in the same
 * run: rounds of one quorate pass (in this process) and one porcbench run
 * (its own per-file `CheckEvents` times, parsing excluded), alternated; each
 * side's figure is the median of its rounds. Without the anchor it reports
 * one pass and no ratio.
 */
export function corpusGroup(o: CorpusGroupOptions): BenchGroup {
  return {
    name: o.name,
    description: o.description,
    anchorKind: 'porcupine',
    targetPeakMB: o.targetPeakMB,
    usesAnchor: true,
    async run(): Promise<GroupMeasurement> {
      const found = await porcupineFiles();
      if ('skipped' in found) return { skipped: found.skipped };
      const files = found.files.filter(o.select);
      if (files.length === 0) return { skipped: `no ${o.name} files in the corpus manifest` };
      const histories: { f: CorpusFile; h: History }[] = [];
      for (const f of files) histories.push({ f, h: await readHistory(f.path, { format: o.format }) });
      const timeoutMs = o.timeoutMs ?? 60_000;

      // Verdict only, as Porcupine's CheckEvents (the anchor) computes no witness.
      const verdicts = new VerdictCounter();
      let memoPeakBytes = 0, ops = 0;
      const pass = async (count: boolean): Promise<number> => {
        const start = performance.now();
        for (const { f, h } of histories) {
          const r = await checkOperations(h.ops, o.model, { timeoutMs, minimize: false });
          if (!count) continue;
          verdicts.add(f.file, f.expected, r);
          memoPeakBytes = Math.max(memoPeakBytes, r.stats.peakMemoBytes);
          ops += h.ops.length;
        }
        return performance.now() - start;
      };
      const anchor = anchorFromEnv();
      const notes: string[] = [];
      let checkMs: number, anchorMs: number | undefined;
      const cold = await pass(true);
      if ('bin' in anchor) {
        const dataDir = dirname(dirname(files[0]!.path));
        const quorate: number[] = [cold];
        const porcupine: number[] = [];
        const rounds = benchRounds();
        let porcupineVerdicts = new Map<string, string>();
        for (let i = 0; i < rounds; i++) {
          const a = runAnchorCheck(anchor.bin, dataDir, o.only);
          porcupine.push(a.ms);
          porcupineVerdicts = new Map(a.verdicts);
          if (i + 1 < rounds) quorate.push(await pass(false));
        }
        checkMs = median(quorate);
        anchorMs = median(porcupine);
        const wrong = files.filter((f) => porcupineVerdicts.get(f.file) !== (f.expected === 'ok' ? 'Ok' : 'Illegal'));
        notes.push(`medians of ${rounds} alternated rounds (quorate's first one cold); quorate cold pass ${cold.toFixed(0)} ms; Porcupine runs ${porcupine.map((x) => x.toFixed(0)).join(', ')} ms`);
        if (wrong.length > 0) notes.push(`Porcupine disagrees with the manifest on ${wrong.map((f) => f.file).join(', ')}`);
      } else {
        checkMs = cold;
        anchorMs = undefined;
        notes.push(`${anchor.missing}: no ratio`);
      }
      // What `quorate check` does, with a minimal witness for each violation (one warm pass).
      const withWitness = new VerdictCounter();
      const w0 = performance.now();
      for (const { f, h } of histories) withWitness.add(f.file, f.expected, await checkOperations(h.ops, o.model, { timeoutMs }));
      const witnessMs = performance.now() - w0;
      notes.push(...withWitness.tally().mismatches.map((m) => `with witness: verdict mismatch: ${m}`));
      return { files: files.length, ops, checkMs, witnessMs, memoPeakBytes, anchorMs, verdicts: verdicts.tally(), notes };
    },
  };
}
