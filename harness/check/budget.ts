/**
 * The budgets of one check: search steps (deterministic), wall-clock time,
 * the checker's own estimated memory, and cancellation. A budget that runs out
 * makes the verdict `unknown` with a reason, never a hang or a crash.
 */

/** Limits of one check. */
export interface BudgetLimits {
  readonly maxSteps?: number | undefined;
  /** Absolute deadline in `Date.now()` milliseconds (shared by worker threads). */
  readonly deadline?: number | undefined;
  readonly maxMemoryBytes: number;
  readonly signal?: AbortSignal | undefined;
  /** The wall-clock budget as given, for the message. */
  readonly timeoutMs?: number | undefined;
}

/** Default cap on the checker's estimated memo memory (Node's heap here is ~4 GB). */
export const DEFAULT_MAX_MEMORY_BYTES = 1.5e9;

/** Step, time, memory and cancellation accounting for one check. */
export class Budget {
  steps = 0;
  peakBytes = 0;

  constructor(readonly limits: BudgetLimits) {}

  /** Steps still allowed (Infinity when unbounded). */
  stepsLeft(): number {
    const max = this.limits.maxSteps;
    return max === undefined ? Infinity : Math.max(0, max - this.steps);
  }

  /** Records `bytes` in use (for the peak). */
  note(bytes: number): void {
    if (bytes > this.peakBytes) this.peakBytes = bytes;
  }

  /** Why the check must stop now given `bytes` in use, or undefined to go on. */
  exhausted(bytes: number): string | undefined {
    this.note(bytes);
    const { maxSteps, deadline, maxMemoryBytes, signal } = this.limits;
    if (signal?.aborted === true) return 'check aborted';
    if (maxSteps !== undefined && this.steps >= maxSteps) return `step budget of ${maxSteps} search steps exhausted`;
    if (bytes > maxMemoryBytes) return `memory budget of ${formatBytes(maxMemoryBytes)} exhausted (memo ~${formatBytes(bytes)})`;
    if (deadline !== undefined && Date.now() >= deadline) {
      return this.limits.timeoutMs !== undefined ? `timeout of ${this.limits.timeoutMs} ms exceeded` : 'time budget exhausted';
    }
    return undefined;
  }
}

/** Human-readable byte count. */
export function formatBytes(b: number): string {
  return b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.round(b / 1e3)} kB`;
}
