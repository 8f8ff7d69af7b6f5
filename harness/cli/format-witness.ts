/**
 * Text rendering of a linearizability witness: the operations involved, with
 * process, operation, key, value and where each was invoked and completed.
 */
import type { Witness } from '../../spec/check-result.js';
import type { Model } from '../../spec/model.js';
import type { Operation } from '../../traces/history.js';

function where(op: Operation): string {
  if (op.retLine === undefined) return `line ${op.callLine} .. (no completion)`;
  return `line ${op.callLine} .. ${op.status === 'info' ? 'info at ' : ''}line ${op.retLine}`;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function table(ops: readonly Operation[], model: Model, indent: string): string {
  const rows = ops.map((op) => [String(op.process), model.describe(op), op.status === 'info' ? 'info' : 'ok', where(op)]);
  const head = ['process', 'operation', 'status', 'invoked .. completed'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => indent + r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

/** Render a witness for the terminal (several lines, each indented). */
export function formatWitness(w: Witness, model: Model): string {
  const key = w.key === undefined ? 'the whole history' : `key ${JSON.stringify(w.key)}`;
  let out = `  on ${key}: ${w.ops.length === 1 ? 'this operation is' : `these ${w.ops.length} operations are`} already not linearizable\n`;
  out += '  (the shortest failing prefix, with every read that is not needed removed; an operation with no completion may or may not have taken effect):\n';
  out += table(w.ops, model, '    ');
  out += `  longest linearizable prefix found: ${plural(w.linearized.length, 'operation')}, ending in state ${w.state}\n`;
  if (w.linearized.length > 0) {
    const tail = w.linearized.slice(-3);
    out += `  ... its last ${tail.length}:\n${table(tail, model, '    ')}`;
  }
  if (w.stuck.length > 0) {
    out += `  no order can place next:\n${table(w.stuck.slice(0, 5), model, '    ')}`;
    if (w.stuck.length > 5) out += `    ... and ${w.stuck.length - 5} more\n`;
  }
  return out;
}
