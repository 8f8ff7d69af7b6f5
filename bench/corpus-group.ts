/**
 * A benchmark group over files of the Porcupine corpus: read and parse every
 * file first, then time the checks alone (Porcupine's anchors time checking,
 * not parsing), and compare each verdict with MANIFEST.tsv. The headline time
 * is verdict-only, like the anchor; a second pass times the same checks with
 * witness minimization (the `quorate check` default) and is reported beside it.
 */
import { readHistory } from '../traces/read-history.js';
import { checkOperations } from '../harness/check/linearizability.js';
import type { Model } from '../spec/model.js';
import type { AnchorKind, BenchGroup, GroupMeasurement } from './bench-group.js';
import { VerdictCounter } from './expected-verdict.js';
import { porcupineFiles, type CorpusFile } from './porcupine-corpus.js';

/** What a corpus group checks. */
export interface CorpusGroupOptions {
  readonly name: string;
  readonly description: string;
  readonly anchorMs: number;
  readonly anchorKind: AnchorKind;
  readonly targetPeakMB?: number;
  /** Which manifest rows belong to the group. */
  readonly select: (f: CorpusFile) => boolean;
  readonly model: Model;
  readonly format: 'jsonl' | 'jepsen-log' | 'edn';
  /** Per-file budget, so a slow checker ends the bench with `unknown` instead of hanging. */
  readonly timeoutMs?: number;
}

/** A group that checks the selected corpus files and reports check-only time. */
export function corpusGroup(o: CorpusGroupOptions): BenchGroup {
  return {
    name: o.name,
    description: o.description,
    anchorMs: o.anchorMs,
    anchorKind: o.anchorKind,
    targetPeakMB: o.targetPeakMB,
    async run(): Promise<GroupMeasurement> {
      const found = await porcupineFiles();
      if ('skipped' in found) return { skipped: found.skipped };
      const files = found.files.filter(o.select);
      if (files.length === 0) return { skipped: `no ${o.name} files in the corpus manifest` };
      const histories = [];
      for (const f of files) histories.push({ f, h: await readHistory(f.path, { format: o.format }) });

      // Pass 1, the headline: verdict only, as Porcupine's CheckOperations (its anchors) computes no witness.
      const verdicts = new VerdictCounter();
      let memoPeakBytes = 0, ops = 0;
      const timeoutMs = o.timeoutMs ?? 60_000;
      const start = performance.now();
      for (const { f, h } of histories) {
        const r = await checkOperations(h.ops, o.model, { timeoutMs, minimize: false });
        verdicts.add(f.file, f.expected, r);
        memoPeakBytes = Math.max(memoPeakBytes, r.stats.peakMemoBytes);
        ops += h.ops.length;
      }
      const checkMs = performance.now() - start;
      // Pass 2: what `quorate check` does, with a minimal witness for each violation.
      const withWitness = new VerdictCounter();
      const w0 = performance.now();
      for (const { f, h } of histories) withWitness.add(f.file, f.expected, await checkOperations(h.ops, o.model, { timeoutMs }));
      const witnessMs = performance.now() - w0;
      // Pass 3: pass 1 again, now JIT-compiled, to separate warm-up from search cost.
      const h0 = performance.now();
      for (const { h } of histories) await checkOperations(h.ops, o.model, { timeoutMs, minimize: false });
      const warmMs = performance.now() - h0;
      const notes = [
        `warm (JIT-compiled) verdict-only pass: ${warmMs.toFixed(0)} ms, ratio ${(warmMs / o.anchorMs).toFixed(2)}`,
        ...withWitness.tally().mismatches.map((m) => `with witness: verdict mismatch: ${m}`),
      ];
      return { files: files.length, ops, checkMs, witnessMs, memoPeakBytes, verdicts: verdicts.tally(), notes };
    },
  };
}
