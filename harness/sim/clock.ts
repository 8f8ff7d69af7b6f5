/**
 * A node's clocks. The monotonic clock runs at rate (1 + drift) against
 * virtual time, piecewise linear: each drift change starts a new segment
 * at the current reading, so the clock never jumps and never runs backwards.
 * The wall clock is the monotonic reading plus an offset that jumps shift
 * (forwards or backwards), as NTP steps do. Readings are in microseconds.
 */

/** One node's monotonic and wall clocks. */
export class NodeClock {
  /** Virtual time at which the current segment began. */
  private baseVirtual = 0;
  /** Monotonic reading at `baseVirtual`. */
  private baseLocal = 0;
  private rate: number;
  private driftNow: number;
  private wallOffset = 0;

  /** A clock reading 0 at virtual time 0, with the given initial drift. */
  constructor(drift = 0) {
    this.driftNow = drift;
    this.rate = 1 + drift;
  }

  /** The current rate error (rate = 1 + drift). */
  get drift(): number {
    return this.driftNow;
  }

  /** The total wall-clock shift applied by jumps, µs. */
  get offset(): number {
    return this.wallOffset;
  }

  /** Monotonic reading at virtual time `t` (t at or after the last drift change). */
  local(t: number): number {
    return this.baseLocal + (t - this.baseVirtual) * this.rate;
  }

  /** Wall-clock reading at virtual time `t`. */
  wall(t: number): number {
    return this.local(t) + this.wallOffset;
  }

  /** Virtual time at which the monotonic clock reads `local`, at the current rate. */
  virtualAt(local: number): number {
    return this.baseVirtual + (local - this.baseLocal) / this.rate;
  }

  /** Changes the drift from virtual time `now` on, keeping the reading continuous. */
  setDrift(now: number, drift: number): void {
    this.baseLocal = this.local(now);
    this.baseVirtual = now;
    this.driftNow = drift;
    this.rate = 1 + drift;
  }

  /** Shifts the wall clock by `deltaUs` (the monotonic clock is unaffected). */
  jump(deltaUs: number): void {
    this.wallOffset += deltaUs;
  }
}

/** Clamps a drift to ±maxDrift (and rejects non-finite values). */
export function clampDrift(drift: number, maxDrift: number): number {
  if (!Number.isFinite(drift)) throw new RangeError(`clock drift must be finite, got ${drift}`);
  const bound = Math.min(Math.abs(maxDrift), 0.5);
  return drift > bound ? bound : drift < -bound ? -bound : drift;
}
