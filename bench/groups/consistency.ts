/**
 * The consistency checkers beyond linearizability (harness/check/consistency),
 * against the speed targets of their issue, each on generated differentiated
 * histories where every model holds (so no check stops early at a violation):
 *
 * - `causal-10k`: cc and ccv on 10,000 kv operations, target < 2 s each;
 * - `cm-1k`: cm on 1,000 kv operations, target < 2 s;
 * - `session-1m`: the four session guarantees on 1,000,000 operations read
 *   from a JSON Lines file, against the time to read and parse that file in
 *   the same run (target: within 2×);
 * - `sequential-corpus`: the share of corpus histories the sequential search
 *   decides within the default step budget (Porcupine's etcd and kv
 *   histories when ../shared/corpus is there, and the generated consistency corpus).
 */
import { mkdtempSync, readdirSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import type { Model } from '../../spec/model.js';
import { kvModel } from '../../spec/kv.js';
import { inferModel } from '../../spec/models.js';
import type { ConsistencyModel } from '../../spec/consistency/index.js';
import { checkConsistency } from '../../harness/check/consistency/index.js';
import { searchSequential } from '../../harness/check/consistency/sequential.js';
import { DEFAULT_CONSISTENCY_STEPS } from '../../harness/cli/consistency-options.js';
import { historyLines, sharedStoreHistory } from '../../harness/check/testing/shared-store-history.js';
import { readHistory } from '../../traces/read-history.js';
import { corpusDir } from '../../traces/corpus-dir.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';

const kv = kvModel as Model;

function timed(name: ConsistencyModel, ops: Parameters<typeof checkConsistency>[1], model: Model): { ms: number; verdict: string } {
  const t0 = performance.now();
  const r = checkConsistency(name, ops, { model, maxSteps: DEFAULT_CONSISTENCY_STEPS });
  return { ms: performance.now() - t0, verdict: r.verdict };
}

function tally(rows: readonly { name: string; verdict: string }[]): GroupMeasurement['verdicts'] {
  const bad = rows.filter((r) => r.verdict !== r.name).map((r) => `${r.name}: expected ${r.name}, got ${r.verdict}`);
  return { matched: rows.length - bad.length, total: rows.length, mismatches: bad };
}

/** cc and ccv on 10,000 operations (the slower of the two is the row's time). */
export const causal10kGroup: BenchGroup = {
  name: 'causal-10k',
  description: 'cc and ccv on a 10,000-op differentiated kv history (16 sessions, 100 keys); target 2 s each',
  anchorMs: 2000,
  anchorKind: 'target',
  async run(): Promise<GroupMeasurement> {
    const t0 = performance.now();
    const ops = sharedStoreHistory({ ops: 10_000, sessions: 16, keys: 100, seed: 1, kind: 'kv' });
    const genMs = performance.now() - t0;
    // A fresh array each: the view and clocks are remembered per array, and each row should pay for them.
    const runs = (['cc', 'ccv'] as const).map((name) => ({ name, ...timed(name, ops.slice(), kv) }));
    return {
      files: 1,
      ops: ops.length,
      genMs,
      checkMs: Math.max(...runs.map((r) => r.ms)),
      verdicts: tally(runs),
      notes: runs.map((r) => `${r.name}: ${r.verdict} in ${r.ms.toFixed(0)} ms`),
    };
  },
};

/** cm on 1,000 operations. */
export const cm1kGroup: BenchGroup = {
  name: 'cm-1k',
  description: 'cm (causal memory) on a 1,000-op differentiated kv history (8 sessions, 20 keys); target 2 s',
  anchorMs: 2000,
  anchorKind: 'target',
  async run(): Promise<GroupMeasurement> {
    const ops = sharedStoreHistory({ ops: 1000, sessions: 8, keys: 20, seed: 2, kind: 'kv' });
    const r = { name: 'cm', ...timed('cm', ops, kv) };
    return { files: 1, ops: ops.length, checkMs: r.ms, verdicts: tally([r]), notes: [`cm: ${r.verdict} in ${r.ms.toFixed(0)} ms`] };
  },
};

const GUARANTEES = ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'] as const;

/** The four session guarantees on 1,000,000 operations, against reading the file. */
export const session1mGroup: BenchGroup = {
  name: 'session-1m',
  description: 'the four session guarantees on a 1,000,000-op kv history file (16 sessions, 1,000 keys); anchor = reading and parsing the file in this run; target 2×',
  anchorKind: 'reference',
  targetRatio: 2,
  async run(): Promise<GroupMeasurement> {
    const dir = mkdtempSync(path.join(tmpdir(), 'quorate-session-1m-'));
    try {
      const file = path.join(dir, 'h.jsonl');
      const t0 = performance.now();
      const gen = sharedStoreHistory({ ops: 1_000_000, sessions: 16, keys: 1000, seed: 3, kind: 'kv' });
      const out = createWriteStream(file);
      for (const line of historyLines(gen)) if (!out.write(`${line}\n`)) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
      const genMs = performance.now() - t0;
      const r0 = performance.now();
      const h = await readHistory(file);
      const readMs = performance.now() - r0;
      const runs = GUARANTEES.map((name) => ({ name, ...timed(name, h.ops, kv) }));
      const checkMs = runs.reduce((s, r) => s + r.ms, 0);
      return {
        files: 1,
        ops: h.ops.length,
        genMs,
        checkMs,
        anchorMs: readMs,
        verdicts: tally(runs),
        notes: [`read + parse ${readMs.toFixed(0)} ms; all four guarantees ${checkMs.toFixed(0)} ms: ${runs.map((r) => `${r.name} ${r.ms.toFixed(0)} ms`).join(', ')} (the first builds the view, the causal clocks and the read-pattern search the others reuse)`],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** The share of corpus histories the sequential search decides within its default budget. */
export const sequentialCorpusGroup: BenchGroup = {
  name: 'sequential-corpus',
  description: `sequential consistency on the corpus histories (Porcupine etcd and kv, the generated consistency corpus): share decided within ${DEFAULT_CONSISTENCY_STEPS.toLocaleString('en')} steps each (time: the checker with its shortcuts)`,
  async run(): Promise<GroupMeasurement> {
    const files: string[] = [];
    const generated = fileURLToPath(new URL('../../../traces/corpus/consistency/', import.meta.url));
    for (const f of readdirSync(generated)) if (/\.(jsonl|edn)$/.test(f)) files.push(path.join(generated, f));
    const root = corpusDir();
    if (root !== undefined) {
      for (const sub of ['porcupine/jepsen', 'porcupine/kv']) for (const f of readdirSync(path.join(root, sub))) files.push(path.join(root, sub, f));
    }
    let ms = 0;
    let ops = 0;
    const counts = { sequential: 0, violation: 0, unknown: 0, unreadable: 0 };
    const slow: string[] = [];
    let searchDecided = 0;
    for (const f of files) {
      let h;
      try {
        h = await readHistory(f);
      } catch {
        counts.unreadable++;
        continue;
      }
      const inferred = inferModel(h.fs);
      if ('error' in inferred) {
        counts.unreadable++;
        continue;
      }
      const t0 = performance.now();
      const r = checkConsistency('sequential', h.ops, { model: inferred.model, maxSteps: DEFAULT_CONSISTENCY_STEPS, minimize: false });
      const took = performance.now() - t0;
      ms += took;
      ops += h.ops.length;
      counts[r.verdict === 'sequential' ? 'sequential' : r.verdict === 'unknown' ? 'unknown' : 'violation']++;
      if (r.verdict === 'unknown') slow.push(path.basename(f));
      // The search alone, without the ladder's shortcuts (cc refutes, linearizable confirms).
      const s = searchSequential(h.ops, inferred.model, DEFAULT_CONSISTENCY_STEPS);
      if (s.verdict !== 'unknown') searchDecided++;
    }
    const judged = counts.sequential + counts.violation + counts.unknown;
    return {
      files: judged,
      ops,
      checkMs: ms,
      notes: [
        `decided ${counts.sequential + counts.violation}/${judged} (${(((counts.sequential + counts.violation) / Math.max(1, judged)) * 100).toFixed(1)} %): ${counts.sequential} sequential, ${counts.violation} not, ${counts.unknown} unknown (budget), ${counts.unreadable} unreadable or empty files skipped`,
        `the search alone (no shortcuts) decides ${searchDecided}/${judged}`,
        ...(slow.length > 0 ? [`undecided: ${slow.slice(0, 20).join(', ')}${slow.length > 20 ? ', ...' : ''}`] : []),
        ...(root === undefined ? ['../shared/corpus not found: the generated consistency corpus only'] : []),
      ],
    };
  },
};
