/**
 * The simulated network. A send draws, from the `network` stream and always
 * exactly four values (loss, duplication, latency, the copy's latency), used
 * or not, whether the message is lost, duplicated and how long it travels
 * — so a loss burst changes only the fate of messages sent during it: latency = min + exponential(meanExtra), which reorders
 * messages. A connectivity matrix of blocked directed links models partitions,
 * one-way ones included. A link is checked at send and again at delivery, so a
 * message in flight when a partition starts is dropped then. Messages to a node
 * that is down at delivery time are dropped with reason `down`.
 *
 * Messages are passed by reference: an actor must not mutate a message after
 * sending it (with recording on, the trace keeps the very object sent).
 */
import type { JsonValue, TraceEvent } from '../../traces/schema/trace-v1.js';
import type { NetworkOptions, Partition } from './types.js';
import type { EventQueue } from './event-queue.js';
import type { Rng } from './rng.js';
import { DELIVER, SimEvent } from './sim-event.js';

/** Loss and duplication probabilities in force. */
export interface NetFaults {
  readonly loss: number;
  readonly duplicate: number;
}

/** Message transport between the world's nodes (by index). */
export class Network {
  private readonly n: number;
  private readonly blocked: Uint8Array;
  private blockedCount = 0;
  private loss: number;
  private duplicate: number;
  private readonly minLatency: number;
  private readonly meanExtra: number;
  private nextId = 0;
  /** Messages handed to the network so far, copies included. */
  sent = 0;
  /** Messages dropped so far. */
  dropped = 0;

  /** A fully connected network over `names` (indices are positions in it). */
  constructor(
    private readonly names: readonly string[],
    private readonly opts: NetworkOptions,
    private readonly rng: Rng,
    private readonly queue: EventQueue<SimEvent>,
    private readonly trace: TraceEvent[],
    private readonly record: boolean,
  ) {
    this.n = names.length;
    this.blocked = new Uint8Array(this.n * this.n);
    this.loss = opts.loss;
    this.duplicate = opts.duplicate;
    this.minLatency = opts.minLatencyUs;
    this.meanExtra = opts.meanExtraLatencyUs;
  }

  /** No link is blocked and loss/duplication are at their base rates. */
  get whole(): boolean {
    return this.blockedCount === 0 && this.loss === this.opts.loss && this.duplicate === this.opts.duplicate;
  }

  /** Whether the directed link from → to currently drops messages. */
  isBlocked(from: number, to: number): boolean {
    return this.blockedCount !== 0 && this.blocked[from * this.n + to] === 1;
  }

  /** Replaces the connectivity matrix by exactly the links of `p`. */
  setPartition(p: Partition, index: (id: string) => number): void {
    this.blocked.fill(0);
    this.blockedCount = 0;
    for (const [a, b] of p.blocked) {
      const k = index(a) * this.n + index(b);
      if (this.blocked[k] === 0) {
        this.blocked[k] = 1;
        this.blockedCount++;
      }
    }
  }

  /** Unblocks every link. */
  heal(): void {
    this.blocked.fill(0);
    this.blockedCount = 0;
  }

  /** Sets the loss/duplication probabilities; undefined restores the base options. */
  setFaults(f: NetFaults | undefined): NetFaults {
    this.loss = f === undefined ? this.opts.loss : f.loss;
    this.duplicate = f === undefined ? this.opts.duplicate : f.duplicate;
    return { loss: this.loss, duplicate: this.duplicate };
  }

  /** Hands `msg` to the network at virtual time `now`; schedules its deliveries. */
  send(now: number, from: number, to: number, msg: JsonValue): void {
    const rng = this.rng;
    const id = this.nextId++;
    this.sent++;
    const lost = rng.chance(this.loss);
    const dup = rng.chance(this.duplicate);
    const latency = this.minLatency + rng.exponential(this.meanExtra);
    const copyLatency = this.minLatency + rng.exponential(this.meanExtra);
    if (this.record) {
      this.trace.push({ type: 'send', time: now, id, from: this.names[from] as string, to: this.names[to] as string, msg });
    }
    if (this.isBlocked(from, to)) {
      this.drop(now, id, from, to, 'partition');
      return;
    }
    if (lost) {
      this.drop(now, id, from, to, 'loss');
      return;
    }
    this.queue.push(now + latency, new SimEvent(DELIVER, to, from, id, 0, msg));
    if (dup) {
      const copy = this.nextId++;
      this.sent++;
      if (this.record) this.trace.push({ type: 'duplicate', time: now, id, copy });
      this.queue.push(now + copyLatency, new SimEvent(DELIVER, to, from, copy, 0, msg));
    }
  }

  /** Decides at delivery time whether event `ev` reaches a node that is `up`; records deliver or drop. */
  arrive(now: number, ev: SimEvent, up: boolean): boolean {
    if (this.blockedCount !== 0 && this.blocked[ev.from * this.n + ev.node] === 1) {
      this.drop(now, ev.id, ev.from, ev.node, 'partition');
      return false;
    }
    if (!up) {
      this.drop(now, ev.id, ev.from, ev.node, 'down');
      return false;
    }
    if (this.record) {
      this.trace.push({ type: 'deliver', time: now, id: ev.id, from: this.names[ev.from] as string, to: this.names[ev.node] as string });
    }
    return true;
  }

  private drop(now: number, id: number, from: number, to: number, reason: 'loss' | 'partition' | 'down'): void {
    this.dropped++;
    if (this.record) {
      this.trace.push({ type: 'drop', time: now, id, from: this.names[from] as string, to: this.names[to] as string, reason });
    }
  }
}
