/**
 * The text `quorate test` prints after a run: outcome counts per operation,
 * latency quantiles, messages per operation, the faults applied, where the
 * files are, the verdict with its reason, and the witness when there is one.
 */
import type { Witness } from '../../spec/check-result.js';
import { formatDiagnostic } from './diagnostics.js';
import type { TestResult } from './driver.js';

/** Renders a linearizability witness (the CLI passes `quorate check`'s own renderer). */
export type WitnessRenderer = (w: Witness) => string;

/** The report of a finished test, several lines. */
export function formatTestResult(r: TestResult, renderWitness?: WitnessRenderer): string {
  const out: string[] = [];
  const names = Object.keys(r.stats.counts).sort();
  if (names.length > 0) {
    out.push('operations:');
    const w = Math.max(...names.map((n) => n.length));
    for (const n of names) {
      const c = r.stats.counts[n] as { ok: number; fail: number; info: number };
      out.push(`  ${n.padEnd(w)}  ok ${c.ok}  fail ${c.fail}  info ${c.info}`);
    }
  } else {
    out.push('operations: none');
  }
  const l = r.stats.latencyMs;
  if (l['0'] !== undefined) out.push(`latency of ok operations, ms: min ${l['0']}  p50 ${l['0.5']}  p95 ${l['0.95']}  p99 ${l['0.99']}  max ${l['1']}`);
  const m = r.stats.messages;
  out.push(`messages: ${m.all} (${m.perOp} per operation); between nodes ${m.servers} (${m.serversPerOp} per operation)`);
  if (r.schedule.length > 0) {
    const kinds = new Map<string, number>();
    for (const f of r.schedule) if (f.kind !== 'heal' && f.kind !== 'restart' && f.kind !== 'resume' && f.kind !== 'burst-end') kinds.set(f.kind === 'partition' ? f.partition.shape : f.kind, (kinds.get(f.kind === 'partition' ? f.partition.shape : f.kind) ?? 0) + 1);
    out.push(`faults scheduled: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')} (the schedule is in the journal's header, options.faultSchedule)`);
  }
  const warnings = r.diagnostics.filter((d) => d.kind === 'warning').length;
  if (warnings > 0) out.push(`warnings about the nodes: ${warnings} (printed above)`);
  out.push(`history: ${r.files.history} (Jepsen's form: ${r.files.edn})`, `journal: ${r.files.journal}`, `node stderr: ${r.files.dir}/n*.stderr.log`);
  out.push(`verdict: ${r.verdict} (${(r.ms / 1000).toFixed(1)} s): ${r.reason}`);
  const c = r.check;
  if (c?.valid === false) {
    if (c.linearizability !== undefined && renderWitness !== undefined) out.push(renderWitness(c.linearizability).trimEnd());
    else out.push(...c.witness.map((x) => `  ${x}`));
  }
  for (const d of r.diagnostics) if (d.kind === 'finding') out.push(formatDiagnostic(d).replace(/^/gm, '  '));
  return out.join('\n') + '\n';
}
