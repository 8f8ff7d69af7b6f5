/**
 * A node's timers, one per name. A timer is armed in the node's monotonic
 * time: it fires when the local clock reads `armedAt + afterUs`. The virtual
 * firing time is computed from the clock's current rate; when the drift
 * changes, `reschedule` recomputes it for every pending timer from the same
 * local deadline, so timers stay exact under piecewise-linear drift.
 *
 * The heap has no decrease-key: re-arming, cancelling or rescheduling bumps
 * the timer's generation and leaves the stale queue entry to be ignored when
 * it surfaces. Timers fire exactly; actors wanting jitter use ctx.random().
 */
import type { EventQueue } from './event-queue.js';
import type { NodeClock } from './clock.js';
import { SimEvent, TIMER } from './sim-event.js';

interface Armed {
  gen: number;
  /** Local monotonic reading at which it fires. */
  readonly deadline: number;
}

/** The armed timers of one node (by node index). */
export class TimerTable {
  private readonly armed = new Map<string, Armed>();
  private nextGen = 1;

  /** An empty table for node `node`. */
  constructor(private readonly node: number) {}

  /** Number of armed timers. */
  get size(): number {
    return this.armed.size;
  }

  /** (Re)arms `name` to fire after `afterUs` of local time from virtual time `now`. */
  arm(queue: EventQueue<SimEvent>, clock: NodeClock, now: number, name: string, afterUs: number): void {
    if (!(afterUs >= 0)) {
      if (Number.isNaN(afterUs)) throw new RangeError(`setTimer("${name}"): afterUs is NaN`);
      afterUs = 0;
    }
    const deadline = clock.local(now) + afterUs;
    const gen = this.nextGen++;
    const prev = this.armed.get(name);
    if (prev === undefined) this.armed.set(name, { gen, deadline });
    else {
      this.armed.delete(name); // re-insert: rescheduling order follows arming order
      this.armed.set(name, { gen, deadline });
    }
    queue.push(fireTime(clock, now, deadline), new SimEvent(TIMER, this.node, -1, -1, gen, name));
  }

  /** Disarms `name` (no effect when not armed). */
  cancel(name: string): void {
    this.armed.delete(name);
  }

  /** Whether a surfacing queue entry (`name`, `gen`) is the live one; if so it is disarmed. */
  take(name: string, gen: number): boolean {
    const a = this.armed.get(name);
    if (a === undefined || a.gen !== gen) return false;
    this.armed.delete(name);
    return true;
  }

  /** Re-queues every armed timer after the clock's rate changed at virtual time `now`. */
  reschedule(queue: EventQueue<SimEvent>, clock: NodeClock, now: number): void {
    for (const [name, a] of this.armed) {
      a.gen = this.nextGen++;
      queue.push(fireTime(clock, now, a.deadline), new SimEvent(TIMER, this.node, -1, -1, a.gen, name));
    }
  }

  /** Disarms everything (a crash). */
  clear(): void {
    this.armed.clear();
  }
}

/** The virtual time at which `clock` reaches `deadline`, never before `now`. */
function fireTime(clock: NodeClock, now: number, deadline: number): number {
  const t = clock.virtualAt(deadline);
  return t > now ? t : now;
}
