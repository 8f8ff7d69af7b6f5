/**
 * Observations: actors' `ctx.observe(name, detail)` and the faults the world
 * applies ('partition', 'heal', 'crash', 'restart', 'disk-loss', 'clock-drift',
 * 'clock-jump', 'net-fault') are counted by name for `sometimes` properties.
 * An actor's observation that carries a detail is also kept, with its node,
 * for the step that made it: `always` properties read what a server reported
 * in the step just run (e.g. the state it reached after applying an entry).
 */
/** An observation an actor made, with its detail, during the current step (the actor contract's type). */
export type { StepObservation } from '../../impl/actor.js';

/** Adds one to the count of `name`. */
export function countObservation(counts: Map<string, number>, name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}
