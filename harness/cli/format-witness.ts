/**
 * Text rendering of a witness (spec/check-result.ts): the operations
 * involved, with process, operation, status and where each was invoked and
 * completed — the same fields `--json` prints. An operation open at the
 * witness's cut reads the same in every table, with a note saying where it
 * did complete.
 */
import type { Witness, WitnessOp } from '../../spec/check-result.js';
import { howMinimized } from '../check/build-witness.js';

function where(op: WitnessOp): string {
  const { invoke, complete, completesAfterCut, info } = op.lines;
  if (complete !== null) return `line ${invoke} .. line ${complete}`;
  if (completesAfterCut !== undefined) return `line ${invoke} .. (open at the cut; completes at line ${completesAfterCut})`;
  if (info !== undefined) return `line ${invoke} .. info at line ${info}`;
  return `line ${invoke} .. (no completion)`;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function table(ops: readonly WitnessOp[], indent: string): string {
  const rows = ops.map((op) => [String(op.process), op.describe, op.status, where(op)]);
  const head = ['process', 'operation', 'status', 'invoked .. completed'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => indent + r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

/** Render a witness for the terminal (several lines, each indented). */
export function formatWitness(w: Witness): string {
  const key = w.key === null ? 'the whole history' : `key ${JSON.stringify(w.key)}`;
  let out = `  on ${key}: ${w.ops.length === 1 ? 'this operation is' : `these ${w.ops.length} operations are`} already not linearizable (${w.pattern})\n`;
  out += `  (${howMinimized(w)}; an operation with status info may or may not have taken effect):\n`;
  out += table(w.ops, '    ');
  if (w.ops.some((op) => op.lines.completesAfterCut !== undefined)) {
    out += '  (an operation "open at the cut" completed only after the last event of this prefix, so here it is indeterminate)\n';
  }
  out += `  of these, the longest linearizable prefix found: ${plural(w.linearized.length, 'operation')}, ending in state ${w.state}\n`;
  if (w.linearized.length > 0) {
    const tail = w.linearized.slice(-3);
    out += `  ... its last ${tail.length}:\n${table(tail, '    ')}`;
  }
  if (w.stuck.length > 0) {
    out += `  no order can place next:\n${table(w.stuck.slice(0, 5), '    ')}`;
    if (w.stuck.length > 5) out += `    ... and ${w.stuck.length - 5} more\n`;
  }
  return out;
}
