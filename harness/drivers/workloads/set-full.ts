/**
 * The grow-only set check shared by `broadcast` and `g-set` (Jepsen's
 * set-full, reduced to what the final reads show): every acknowledged
 * addition is in every final read, and no read returns an element nobody
 * added.
 */
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import { type OpPair, type WorkloadVerdict, describePair } from '../workload.js';

/** How a workload names its additions: the operation name and the noun of its elements. */
export interface SetNames {
  readonly add: string;
  readonly noun: string;
  /** The past tense of `add`, for witness lines ("which no client broadcast"). */
  readonly added: string;
}

/** A set key for an element: numbers as themselves (fast), anything else as canonical JSON (strings keep their quotes, so 1 ≠ "1"). */
const keyOf = (v: JsonValue): number | string => (typeof v === 'number' ? v : JSON.stringify(v));

/** Judges the history of a grow-only set whose final reads start at line `finalLine`. */
export function checkSetFull(pairs: readonly OpPair[], finalLine: number, names: SetNames): WorkloadVerdict {
  const { add, noun, added } = names;
  const acked = new Map<number | string, OpPair>();
  const attempted = new Set<number | string>();
  for (const p of pairs) {
    if (p.invoke.f !== add) continue;
    const k = keyOf(p.invoke.value ?? null);
    attempted.add(k);
    if (p.complete?.type === 'ok') acked.set(k, p);
  }
  const reads = pairs.filter((p) => p.invoke.f === 'read' && p.complete?.type === 'ok');
  const finals = reads.filter((p) => p.invokeLine >= finalLine).map((r) => ({ r, has: new Set((r.complete?.value as JsonValue[]).map(keyOf)) }));
  const witness: string[] = [];
  let unexpected = 0;
  for (const r of reads) {
    for (const v of r.complete?.value as JsonValue[]) {
      if (attempted.has(keyOf(v))) continue;
      unexpected++;
      if (witness.length < 10) witness.push(`${describePair(r)}: returned ${JSON.stringify(v)}, which no client ${added}`);
    }
  }
  let lost = 0;
  for (const [k, b] of acked) {
    const missing = finals.filter((f) => !f.has.has(k)).map((f) => f.r);
    if (missing.length === 0) continue;
    lost++;
    if (witness.length < 10) {
      const where = missing.map((r) => `${r.invoke.node} (process ${r.invoke.process}, lines ${r.invokeLine}..${r.completeLine})`).join(', ');
      witness.push(`${noun} ${JSON.stringify(b.invoke.value)}, acknowledged to process ${b.invoke.process} by ${b.invoke.node} (lines ${b.invokeLine}..${b.completeLine}), is missing from the final reads of ${where}`);
    }
  }
  if (lost > 0 || unexpected > 0) {
    const parts = [lost > 0 ? `${lost} of ${acked.size} acknowledged ${noun}s lost from final reads` : '', unexpected > 0 ? `${unexpected} unexpected values read` : ''];
    return { valid: false, detail: parts.filter((x) => x !== '').join('; '), witness };
  }
  if (finals.length === 0) return { valid: 'unknown', detail: `no final read succeeded, so nothing shows whether acknowledged ${noun}s survived` };
  return { valid: true, detail: `${acked.size} acknowledged ${noun}s, all in each of ${finals.length} final reads` };
}
