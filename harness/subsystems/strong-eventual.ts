/**
 * Strong eventual consistency of a replicated set (Shapiro, Preguiça,
 * Baquero and Zawirski, SSS 2011, Definition 2.3), judged on a run's history
 * with its final reads (descriptor.ts `finalReads`), as a subsystem's own
 * history check:
 * - convergence: after the quiet period every replica's final read returns
 *   the same set (every replica then holds every update);
 * - no acknowledged add lost: an element some acknowledged add added is in
 *   the final set unless a remove of it was invoked after that add was —
 *   a remove invoked earlier cannot have observed the add's tag, so under
 *   add-wins it cannot cancel it;
 * - nothing from thin air: every element of the final set was added by some add.
 * Final reads invoked before an acknowledged update returned make it
 * `unknown` (no quiet period), and so does a run without final reads.
 * (That replicas holding the same updates agree at every step is the
 * `always` property beside it.)
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { OpRecord } from '../workload/driver.js';
import { fmtTime } from '../run/format-time.js';
import type { CustomHistoryCheck, HistoryCheckOutcome, RunHistory } from './descriptor.js';

const list = (v: JsonValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').sort() : []);
const show = (r: OpRecord): string => `${r.f} ${JSON.stringify(r.input)} by ${r.client} [${fmtTime(r.invokeTime)} → ${r.completeTime === undefined ? r.status : fmtTime(r.completeTime)}]${r.status === 'ok' && (r.f === 'final-read' || r.f === 'read') ? ` -> ${JSON.stringify(r.output)}` : ''}`;

/** The strong-eventual-consistency check of a set store (see the file comment). */
export const strongEventualSet: CustomHistoryCheck = {
  name: 'strong-eventual',
  description: 'final reads of every replica agree, keep every acknowledged add no later remove may have cancelled, and add nothing from thin air',
  check(h: RunHistory): HistoryCheckOutcome {
    const finals = h.records.filter((r) => r.f === 'final-read' && r.status === 'ok');
    if (finals.length === 0) return { verdict: 'unknown', reason: 'strong-eventual: no final read completed' };
    const updates = h.records.filter((r) => r.f === 'add' || r.f === 'remove');
    const early = updates.find((u) => u.status === 'ok' && finals.some((f) => f.invokeTime < (u.completeTime ?? 0)));
    if (early !== undefined) return { verdict: 'unknown', reason: `strong-eventual: a final read was invoked before ${show(early)} returned` };
    const horizon = Math.max(...finals.map((f) => f.completeTime ?? f.invokeTime));
    const first = finals[0]!;
    const value = list(first.output);
    const other = finals.find((f) => list(f.output).join('\u0000') !== value.join('\u0000'));
    if (other !== undefined) return { verdict: 'fail', horizon, detail: `final reads disagree:\n    ${show(first)}\n    ${show(other)}` };
    for (const a of updates) {
      if (a.f !== 'add' || a.status !== 'ok' || value.includes(String(a.input))) continue;
      const later = updates.find((r) => r.f === 'remove' && r.status !== 'fail' && r.input === a.input && r.invokeTime > a.invokeTime);
      if (later === undefined) return { verdict: 'fail', horizon, detail: `acknowledged add lost (no remove of it was invoked after it):\n    ${show(a)}\n    ${show(first)}` };
    }
    const stray = value.find((e) => !updates.some((u) => u.f === 'add' && u.input === e));
    if (stray !== undefined) return { verdict: 'fail', horizon, detail: `final set holds ${JSON.stringify(stray)}, which no add added:\n    ${show(first)}` };
    return { verdict: 'pass' };
  },
};
