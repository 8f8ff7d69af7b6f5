/**
 * The runner's generic liveness property (`eventually`): once the schedule's
 * final heal has happened, the system must serve again. Every operation
 * invoked at or after `healAt` completes with a definite answer (`ok`, or a
 * `fail` the model allows) within `liveBoundUs`, and every operation still
 * open at `healAt` completes (any way) by `healAt + liveBoundUs`. Operations
 * whose deadline lies beyond the end of the run are not judged; a run cut
 * short by its step cap is therefore `unknown` unless something failed
 * (simulate.ts), so a deadline the cap hid never counts as met.
 */
import type { OpRecord } from '../workload/driver.js';
import { fmtTime } from './format-time.js';
import type { Failure } from './failure.js';

/** Parameters of the check. */
export interface EventuallyOptions {
  readonly healAt: number;
  readonly liveBoundUs: number;
  /** Virtual time the run ended. */
  readonly endTime: number;
  readonly describe: (r: OpRecord) => string;
}

/** The first operation that breaks the property, or undefined. */
export function checkEventually(records: readonly OpRecord[], o: EventuallyOptions): Failure | undefined {
  for (const r of records) {
    const late = r.invokeTime >= o.healAt;
    const deadline = late ? r.invokeTime + o.liveBoundUs : o.healAt + o.liveBoundUs;
    if (!late && r.completeTime !== undefined && r.completeTime < o.healAt) continue;
    const ended = r.completeTime ?? Infinity;
    const what = `${o.describe(r)} (process ${String(r.process)}, invoked at ${fmtTime(r.invokeTime)})`;
    if (ended > deadline) {
      if (deadline > o.endTime) continue;
      const how = r.completeTime === undefined ? `is still pending at ${fmtTime(o.endTime)}` : `completed only at ${fmtTime(r.completeTime)}`;
      return fail(deadline, `${what} ${how}; after the final heal at ${fmtTime(o.healAt)} it had until ${fmtTime(deadline)}`);
    }
    if (late && r.status === 'info') {
      return fail(ended, `${what} ended indeterminate (info) at ${fmtTime(ended)} although it was invoked after the final heal at ${fmtTime(o.healAt)}`);
    }
  }
  return undefined;
}

function fail(time: number, detail: string): Failure {
  return { property: 'eventually', kind: 'eventually', time, detail };
}
