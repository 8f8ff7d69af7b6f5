/**
 * Observation counting: actors' `ctx.observe(name)` and the faults the world
 * applies ('partition', 'heal', 'crash', 'restart', 'disk-loss', 'clock-drift',
 * 'clock-jump', 'net-fault') are counted by name for `sometimes` properties.
 */

/** Adds one to the count of `name`. */
export function countObservation(counts: Map<string, number>, name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}
