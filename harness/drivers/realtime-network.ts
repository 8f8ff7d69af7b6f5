/**
 * The simulator's network model (harness/sim/network.ts) run against the
 * wall clock: every message between two server nodes is handed to the same
 * `Network` with the same seeded `network` stream, so latency, loss,
 * duplication and partitions are drawn exactly as in a simulated run; only
 * "now" is real microseconds since the test began, and a timer pumps the
 * deliveries that are due. Messages from and to clients bypass it (they are
 * delivered at once, as Maelstrom's net.clj gives clients zero latency and
 * Jepsen's partitions cut only between nodes).
 *
 * The journal uses Maelstrom's message id (the envelope's `id`) for send,
 * deliver and drop, so one id names a message in the journal and in the
 * node's own logs; a duplicated message is delivered twice under its id.
 */
import type { TraceEvent } from '../../traces/schema/trace-v1.js';
import { EventQueue } from '../sim/event-queue.js';
import { Network, type NetFaults } from '../sim/network.js';
import type { Rng } from '../sim/rng.js';
import type { SimEvent } from '../sim/sim-event.js';
import type { NetworkOptions, Partition } from '../sim/types.js';
import type { Envelope } from './maelstrom-protocol.js';

/** What the network needs from the cluster around it. */
export interface NetworkHost {
  /** Microseconds since the test began. */
  now(): number;
  /** Whether a server node is up (a killed node drops what arrives). */
  isUp(node: string): boolean;
  /** Hands a message that arrived to its destination. */
  deliver(msg: Envelope): void;
  /** Records a journal event. */
  journal(e: TraceEvent): void;
}

/** The server-to-server network of a process test. */
export class RealtimeNetwork {
  private readonly queue = new EventQueue<SimEvent>();
  private readonly net: Network;
  private readonly index = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private timerAt = Infinity;
  private closed = false;
  /** Messages handed to the network. */
  sent = 0;
  /** Messages it dropped (partition, loss, or a down destination). */
  dropped = 0;

  constructor(
    private readonly servers: readonly string[],
    opts: NetworkOptions,
    rng: Rng,
    private readonly host: NetworkHost,
  ) {
    servers.forEach((s, i) => this.index.set(s, i));
    this.net = new Network(servers, opts, rng, this.queue, [], false);
  }

  /** Messages scheduled and not yet delivered or dropped. */
  get inFlight(): number {
    return this.queue.size;
  }

  /** Hands `msg` (server to server, `id` set) to the network. */
  send(msg: Envelope): void {
    const from = this.index.get(msg.src) as number;
    const to = this.index.get(msg.dest) as number;
    const now = this.host.now();
    const id = msg.id as number;
    this.sent++;
    this.host.journal({ type: 'send', time: now, id, from: msg.src, to: msg.dest, msg: msg as never });
    const before = this.queue.size;
    this.net.send(now, from, to, msg as never);
    if (this.queue.size === before) {
      this.dropped++;
      this.host.journal({ type: 'drop', time: now, id, from: msg.src, to: msg.dest, reason: this.net.isBlocked(from, to) ? 'partition' : 'loss' });
    }
    this.schedule();
  }

  /** Replaces the blocked links by exactly those of `p`. */
  partition(p: Partition): void {
    this.net.setPartition(p, (id) => this.index.get(id) as number);
  }

  /** Unblocks every link. */
  heal(): void {
    this.net.heal();
  }

  /** Sets loss/duplication probabilities; undefined restores the base options. */
  setFaults(f: NetFaults | undefined): NetFaults {
    return this.net.setFaults(f);
  }

  /** Stops delivering; messages still in flight are dropped silently. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.queue.clear();
  }

  private pump(): void {
    if (this.closed) return;
    const now = this.host.now();
    while (this.queue.peekTime() <= now) {
      const ev = this.queue.pop() as SimEvent;
      const msg = ev.data as Envelope;
      const to = this.servers[ev.node] as string;
      if (this.net.arrive(now, ev, this.host.isUp(to))) {
        this.host.journal({ type: 'deliver', time: now, id: msg.id as number, from: msg.src, to });
        this.host.deliver(msg);
      } else {
        this.dropped++;
        const reason = this.net.isBlocked(ev.from, ev.node) ? 'partition' : 'down';
        this.host.journal({ type: 'drop', time: now, id: msg.id as number, from: msg.src, to, reason });
      }
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    const next = this.queue.peekTime();
    if (next === Infinity) return;
    const delayMs = (next - this.host.now()) / 1000;
    if (delayMs <= 0) {
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        this.pump();
      });
      return;
    }
    if (this.timer !== undefined && this.timerAt <= next) return;
    clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, delayMs);
  }
}
