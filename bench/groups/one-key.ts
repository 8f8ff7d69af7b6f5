/**
 * The checker's hard case: one kv key written by 20 concurrent clients (5 %
 * puts), where appends wiped by a put before anyone read them used to be
 * ordered in every way. Generated linearizable histories of 320 and 640
 * operations, each checked within 5M search steps with the unobserved-value
 * quotient (harness/check/quotient.ts) and, as the in-run baseline, without
 * it. Verdicts count the quotient run: every history must come out `ok`.
 */
import { generateHistory } from '../../harness/workload/gen-history.js';
import { checkOperationsSync } from '../../harness/check/linearizability.js';
import { kvModel } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';

const CASES: readonly { readonly ops: number; readonly seed: number }[] = [
  { ops: 320, seed: 1 }, { ops: 320, seed: 2 }, { ops: 320, seed: 3 }, { ops: 640, seed: 1 }, { ops: 640, seed: 2 },
];
const MAX_STEPS = 5_000_000;

/** The `one-key` bench group; anchor = the same checks without the quotient. */
export const oneKeyGroup: BenchGroup = {
  name: 'one-key',
  description: `one kv key, 20 clients, 5 % puts (gen-history): ${CASES.length} histories of 320-640 ops within ${MAX_STEPS / 1e6}M steps; anchor = the same without the unobserved-value quotient`,
  anchorKind: 'reference',
  async run(): Promise<GroupMeasurement> {
    const histories = CASES.map((c) => ({ ...c, ops: generateHistory({ model: 'kv', ops: c.ops, keys: 1, clients: 20, seed: c.seed }).ops }));
    // Every history is generated linearizable: a verdict other than that is a mismatch.
    const pass = (quotient: boolean): { ms: number; steps: number; decided: number; lines: string[]; undecided: string[] } => {
      let ms = 0;
      let steps = 0;
      let decided = 0;
      const lines: string[] = [];
      const undecided: string[] = [];
      for (const h of histories) {
        const r = checkOperationsSync(h.ops, kvModel as Model, { maxSteps: MAX_STEPS, quotient });
        ms += r.stats.ms;
        steps += r.stats.steps;
        const line = `${h.ops.length} ops seed ${h.seed}: ${r.verdict} in ${r.stats.steps.toLocaleString('en')} steps`;
        if (r.verdict === 'linearizable') decided++;
        else undecided.push(line);
        lines.push(line);
      }
      return { ms, steps, decided, lines, undecided };
    };
    const withQ = pass(true);
    const without = pass(false);
    return {
      files: CASES.length,
      ops: histories.reduce((n, h) => n + h.ops.length, 0),
      checkMs: withQ.ms,
      anchorMs: without.ms,
      verdicts: { matched: withQ.decided, total: CASES.length, mismatches: withQ.undecided },
      notes: [
        `with the quotient: ${withQ.decided}/${CASES.length} decided, ${withQ.steps.toLocaleString('en')} steps — ${withQ.lines.join('; ')}`,
        `without it: ${without.decided}/${CASES.length} decided, ${without.steps.toLocaleString('en')} steps — ${without.lines.join('; ')}`,
      ],
    };
  },
};
