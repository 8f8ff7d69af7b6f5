/**
 * The clients of a process test, as Jepsen runs them: `concurrency` worker
 * slots, slot t talking to node t mod N, each with one operation open at a
 * time; operations start at a staggered rate (Jepsen's `stagger`: gaps drawn
 * uniformly from [0, 2/rate] s, from the seeded `workload` stream) on a
 * free slot drawn from the `clients` stream. An operation that ends `info`
 * retires its process id (the slot goes on as process + concurrency, with a
 * fresh Maelstrom client), as Jepsen does after an indeterminate result.
 */
import type { JsonValue, OpEvent } from '../../traces/schema/trace-v1.js';
import type { Rng } from '../sim/rng.js';
import type { Cluster } from './cluster.js';
import type { Diagnostic } from './diagnostics.js';
import { type Completion, type DriverOp, type Workload, errorCompletion } from './workload.js';

/** What the clients need. */
export interface ClientPoolOptions {
  readonly workload: Workload;
  readonly cluster: Cluster;
  readonly nodes: readonly string[];
  readonly rng: Rng;
  /** Which free slot performs the next operation. */
  readonly pick: Rng;
  readonly concurrency: number;
  /** Operations per second over all clients (0: none). */
  readonly rate: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  now(): number;
  record(e: OpEvent): void;
  diagnose(d: Diagnostic): void;
}

interface Slot {
  readonly index: number;
  readonly node: string;
  process: number;
  client: string;
  busy: boolean;
}

/** The worker slots and what they do. */
export class ClientPool {
  private readonly slots: Slot[];
  private freed: (() => void) | undefined;

  constructor(private readonly o: ClientPoolOptions) {
    this.slots = Array.from({ length: o.concurrency }, (_, i) => ({
      index: i,
      node: o.nodes[i % o.nodes.length] as string,
      process: i,
      client: o.cluster.openClient(),
      busy: false,
    }));
  }

  /** Runs the workload until `untilUs` (µs since the test began) or abort; waits for open operations to end. */
  async run(untilUs: number): Promise<void> {
    const open = new Set<Promise<void>>();
    if (this.o.rate > 0) {
      let nextAt = this.o.now();
      for (;;) {
        nextAt += (this.o.rng.next() * 2 * 1e6) / this.o.rate;
        if (nextAt >= untilUs || !(await this.sleepUntil(nextAt))) break;
        const slot = await this.freeSlot(untilUs);
        if (slot === undefined) break;
        const p = this.perform(slot, this.o.workload.next(this.o.rng)).finally(() => open.delete(p));
        open.add(p);
      }
    } else {
      await this.sleepUntil(untilUs);
    }
    await Promise.all(open);
  }

  /** Every slot performs `op` once, concurrently (the final reads). */
  async runOnce(op: DriverOp): Promise<void> {
    await Promise.all(this.slots.map((s) => this.perform(s, op)));
  }

  private async perform(slot: Slot, op: DriverOp): Promise<void> {
    const { workload: w, cluster } = this.o;
    slot.busy = true;
    const base = { process: slot.process, f: op.f, ...(op.key !== undefined ? { key: op.key } : {}), node: slot.node };
    this.o.record({ type: 'invoke', ...base, value: op.value, time: this.o.now() });
    const r = await cluster.call(slot.client, slot.node, w.request(op), this.o.timeoutMs, this.o.signal);
    let c: Completion;
    if (r.kind === 'aborted') {
      slot.busy = false; // left open: an operation without completion counts as info
      return;
    } else if (r.kind === 'timeout') {
      c = w.idempotent.has(op.f) ? { type: 'fail', error: 'net-timeout' } : { type: 'info', error: 'net-timeout' };
    } else if (r.msg.body.type === 'error') {
      c = w.error?.(op, r.msg.body) ?? errorCompletion(w, op, r.msg.body);
    } else {
      c = w.complete(op, r.msg.body);
      if (c.type === 'malformed') {
        this.o.diagnose({ kind: 'finding', node: slot.node, line: r.line, message: `answered ${op.f} from ${slot.client} with a malformed reply ${JSON.stringify(r.msg.body).slice(0, 200)}`, expected: c.expected });
        c = { type: 'info', error: ['malformed-reply', r.msg.body as unknown as JsonValue] };
      }
    }
    const time = this.o.now();
    if (c.type === 'ok') this.o.record({ type: 'ok', ...base, value: c.value, time });
    else if (c.type === 'fail' || c.type === 'info') this.o.record({ type: c.type, ...base, value: op.value, error: c.error, time });
    if (c.type === 'info') {
      slot.process += this.o.concurrency;
      slot.client = cluster.openClient();
    }
    slot.busy = false;
    const f = this.freed;
    this.freed = undefined;
    f?.();
  }

  private async freeSlot(untilUs: number): Promise<Slot | undefined> {
    for (;;) {
      const free = this.slots.filter((x) => !x.busy);
      // A free slot at random, as Jepsen hands an operation to some free worker (not always the first).
      if (free.length > 0) return free[this.o.pick.nextInt(0, free.length - 1)];
      if (this.o.signal.aborted || this.o.now() >= untilUs) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, (untilUs - this.o.now()) / 1000));
        this.freed = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Sleeps until `atUs`; false when aborted first. */
  private sleepUntil(atUs: number): Promise<boolean> {
    return sleep((atUs - this.o.now()) / 1000, this.o.signal);
  }
}

/** Waits `ms` (at once when ≤ 0); resolves false when `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
