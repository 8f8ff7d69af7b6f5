/**
 * Faults for a process test, as a schedule of plain data drawn from the
 * seeded `nemesis` stream before the test starts (so it is recorded in the
 * journal's header and the same seed gives the same schedule), then applied
 * on the wall clock. Maelstrom's names: `partition` (a shape from
 * harness/nemesis/partition-shapes.ts over a seeded ordering of the nodes:
 * halves, isolate-one, bridge, majorities-ring, one-way — or name one shape),
 * `kill` (SIGKILL, later a fresh process and init with the same id) and
 * `pause` (SIGSTOP, later SIGCONT); quorate's `loss-burst` and `dup-burst`.
 * One fault holds at a time, for about `interval`, with about `interval`
 * of calm between faults; everything heals at the time limit.
 */
import type { TraceEvent } from '../../traces/schema/trace-v1.js';
import { bridge, halves, isolate, majoritiesRing, oneWay } from '../nemesis/partition-shapes.js';
import type { Rng } from '../sim/rng.js';
import type { Partition } from '../sim/types.js';

/** Partition shapes a schedule draws from for `partition`. */
export const PARTITION_SHAPES = ['partition-halves', 'isolate-one', 'bridge', 'majorities-ring', 'one-way'] as const;

/** Every name `--nemesis` accepts. */
export const NEMESIS_NAMES = ['partition', 'kill', 'pause', 'loss-burst', 'dup-burst', ...PARTITION_SHAPES] as const;

/** A name `--nemesis` accepts. */
export type NemesisName = (typeof NEMESIS_NAMES)[number];

/** Whether `name` is a nemesis name. */
export function isNemesisName(name: string): name is NemesisName {
  return (NEMESIS_NAMES as readonly string[]).includes(name);
}

/** Loss and duplication probability during a burst. */
export const BURST_P = 0.3;

/** One timed fault event; `at` is ms since the test began. */
export type ProcessFault =
  | { readonly at: number; readonly kind: 'partition'; readonly partition: Partition }
  | { readonly at: number; readonly kind: 'heal' }
  | { readonly at: number; readonly kind: 'kill' | 'restart' | 'pause' | 'resume'; readonly node: string }
  | { readonly at: number; readonly kind: 'loss-burst' | 'dup-burst'; readonly p: number }
  | { readonly at: number; readonly kind: 'burst-end' };

/** What a schedule is drawn from. */
export interface PlanOptions {
  readonly names: readonly NemesisName[];
  readonly nodes: readonly string[];
  readonly timeLimitMs: number;
  readonly intervalMs: number;
  readonly rng: Rng;
}

/** Draws the fault schedule of a test (empty when no names are given). */
export function planFaults(o: PlanOptions): ProcessFault[] {
  const out: ProcessFault[] = [];
  if (o.names.length === 0) return out;
  const jitter = () => Math.round(o.intervalMs * (0.5 + o.rng.next()));
  let t = jitter();
  while (t < o.timeLimitMs) {
    const name = o.names[o.rng.nextInt(0, o.names.length - 1)] as NemesisName;
    const end = Math.min(t + jitter(), o.timeLimitMs);
    const node = o.nodes[o.rng.nextInt(0, o.nodes.length - 1)] as string;
    switch (name) {
      case 'kill':
        out.push({ at: t, kind: 'kill', node }, { at: end, kind: 'restart', node });
        break;
      case 'pause':
        out.push({ at: t, kind: 'pause', node }, { at: end, kind: 'resume', node });
        break;
      case 'loss-burst':
      case 'dup-burst':
        out.push({ at: t, kind: name, p: BURST_P }, { at: end, kind: 'burst-end' });
        break;
      default: {
        const shape = name === 'partition' ? (PARTITION_SHAPES[o.rng.nextInt(0, PARTITION_SHAPES.length - 1)] as string) : name;
        out.push({ at: t, kind: 'partition', partition: shapeOf(shape, shuffle(o.nodes, o.rng)) }, { at: end, kind: 'heal' });
      }
    }
    t = end + jitter();
  }
  return out;
}

function shapeOf(shape: string, order: readonly string[]): Partition {
  const first = order[0] as string;
  switch (shape) {
    case 'isolate-one':
      return isolate(first, order);
    case 'bridge':
      return bridge(order);
    case 'majorities-ring':
      return majoritiesRing(order);
    case 'one-way':
      return oneWay(first, order);
    default:
      return halves(order);
  }
}

function shuffle(xs: readonly string[], rng: Rng): string[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(0, i);
    [a[i], a[j]] = [a[j] as string, a[i] as string];
  }
  return a;
}

/** What applying a fault acts on. */
export interface FaultTarget {
  partition(p: Partition): void;
  heal(): void;
  setFaults(f: { readonly loss: number; readonly duplicate: number } | undefined): void;
  kill(node: string): Promise<void>;
  restart(node: string): Promise<boolean>;
  pause(node: string): void;
  resume(node: string): void;
  /** Microseconds since the test began. */
  now(): number;
  journal(e: TraceEvent): void;
}

/** Applies one fault and records it in the journal. */
export async function applyFault(f: ProcessFault, t: FaultTarget): Promise<void> {
  const time = t.now();
  switch (f.kind) {
    case 'partition':
      t.partition(f.partition);
      t.journal({ type: 'partition', time, shape: f.partition.shape, blocked: f.partition.blocked.map(([a, b]) => [a, b]), ...(f.partition.groups ? { groups: f.partition.groups.map((g) => [...g]) } : {}) });
      return;
    case 'heal':
      t.heal();
      t.journal({ type: 'heal', time });
      return;
    case 'loss-burst':
    case 'dup-burst': {
      const net = f.kind === 'loss-burst' ? { loss: f.p, duplicate: 0 } : { loss: 0, duplicate: f.p };
      t.setFaults(net);
      t.journal({ type: 'net', time, ...net });
      return;
    }
    case 'burst-end':
      t.setFaults(undefined);
      t.journal({ type: 'net', time, loss: 0, duplicate: 0 });
      return;
    case 'kill':
      t.journal({ type: 'crash', time, node: f.node, diskLoss: false });
      await t.kill(f.node);
      return;
    case 'restart':
      t.journal({ type: 'restart', time, node: f.node });
      await t.restart(f.node);
      return;
    case 'pause':
    case 'resume':
      (f.kind === 'pause' ? t.pause : t.resume).call(t, f.node);
      t.journal({ type: 'nemesis', time, phase: f.kind === 'pause' ? 'start' : 'stop', f: 'pause', value: f.node });
      return;
  }
}
