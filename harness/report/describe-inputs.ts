/**
 * A run's inputs in a few lines, for failure reports: the requests each
 * client makes (counts, and the writes when there are few) and the fault
 * schedule in time order, partitions shown by the groups they cut. What a
 * reader needs to see the shape of a shrunk counterexample without opening
 * its trace.
 */
import type { NodeId } from '../../impl/actor.js';
import type { FaultEvent, RunInputs } from '../nemesis/schedule.js';
import { bridge, halves } from '../nemesis/partition-shapes.js';
import { fmtTime } from '../run/format-time.js';

/** Requests listed one by one when a client makes at most this many. */
const LIST_UP_TO = 4;

/** The groups of a partition, `[a b | c d]`. */
function groups(gs: readonly (readonly NodeId[])[]): string {
  return `[${gs.map((g) => g.join(' ')).join(' | ')}]`;
}

/** One fault event in words. */
export function describeFault(e: FaultEvent): string {
  switch (e.kind) {
    case 'partition-halves':
      return `partition-halves ${groups(halves(e.order).groups ?? [])}`;
    case 'bridge':
      return `bridge ${groups(bridge(e.order).groups ?? [])}`;
    case 'majorities-ring':
      return `majorities-ring over ${e.order.join(' ')}`;
    case 'isolate-one':
    case 'one-way':
    case 'crash-restart':
    case 'kill-disk-loss':
    case 'crash-client':
    case 'restart':
      return `${e.kind} ${e.node}`;
    case 'crash-minority':
    case 'crash-majority':
      return `${e.kind} ${e.nodes.join(' ')}${e.quietUs === undefined ? '' : `, configuration held for ${fmtTime(e.quietUs)}`}`;
    case 'isolate-role': {
      const parts = [`isolate-role ${e.role}`];
      if (e.scope === 'servers') parts.push('from the servers only');
      if (e.skew !== undefined) parts.push(`clocks skewed ±${e.skew * 100} %`);
      if (e.holdUs !== undefined) parts.push(`network held ${fmtTime(e.holdUs)}`);
      if (e.churn !== undefined) parts.push(`churn of ${e.churn} cuts, ${fmtTime(e.churnDelayUs ?? 0)} after each election`);
      return parts.join(', ');
    }
    case 'clock-drift':
      return `clock-drift ${e.role === undefined ? e.node : e.role} ${e.drift > 0 ? '+' : ''}${(e.drift * 100).toFixed(1)} %${e.othersDrift === undefined ? '' : ` (others ${(e.othersDrift * 100).toFixed(1)} %)`}`;
    case 'clock-jump':
      return `clock-jump ${e.node} ${e.jumpUs > 0 ? '+' : ''}${fmtTime(e.jumpUs)}`;
    case 'loss-burst':
    case 'dup-burst':
      return `${e.kind} p = ${e.p} for ${fmtTime(e.durationUs)}`;
    case 'heal':
      return 'heal';
  }
}

/** The inputs as indented lines: one for the workload, one per fault event, the final heal last. */
export function describeInputs(inputs: RunInputs, clients: readonly NodeId[], indent: string): string[] {
  const perClient = inputs.workload
    .map((ops, i) => {
      if (ops.length === 0) return undefined;
      const name = clients[i] ?? `c${i + 1}`;
      if (ops.length > LIST_UP_TO) {
        const byF = new Map<string, number>();
        for (const op of ops) byF.set(op.f, (byF.get(op.f) ?? 0) + 1);
        return `${name} ${ops.length} requests (${[...byF].map(([f, n]) => `${n} ${f}`).join(', ')})`;
      }
      return `${name} ${ops.map((op) => (op.value === null ? `${op.f} ${op.key ?? ''}` : `${op.f} ${op.key ?? ''} ${JSON.stringify(op.value)}`).trim()).join(', ')}`;
    })
    .filter((x): x is string => x !== undefined);
  const lines = [`${indent}requests: ${perClient.length === 0 ? 'none' : perClient.join('; ')}`];
  for (const e of inputs.schedule.events) lines.push(`${indent}${fmtTime(e.at).padStart(12)}  ${describeFault(e)}`);
  lines.push(`${indent}${fmtTime(inputs.schedule.healAt).padStart(12)}  final heal`);
  return lines;
}
