/**
 * Availability within the fault budget, and safety beyond it (a descriptor's
 * `availability`, see descriptor.ts). During the run the monitor samples,
 * after every fault and every server step, which servers are *out* (down, or
 * counted toward no quorum) and whether the network is whole; it keeps the
 * maximal intervals in which that configuration did not change. After the
 * run each write is judged by the interval it was invoked in:
 *
 * - `available-within-f` — in an interval with at most f servers out and a
 *   whole network, a write invoked at t completes `ok` by t + bound, and a
 *   write still open when the interval began completes (any way) by
 *   start + bound; judged only where the interval lasts to the deadline. One
 *   stable configuration is asked for: a crash of the next leader starts a
 *   new interval, because no protocol can promise progress under a fresh
 *   leader failure every election.
 * - `no-commit-without-majority` — in an interval with more than f servers
 *   out, a write invoked in it never completes `ok` before the interval ends:
 *   fewer than a majority can store it, so an acknowledgement is a lie.
 *
 * Both are judged from the same records the linearizability check reads;
 * neither depends on the implementation's own view of who leads. Deadlines
 * past the end of the run are not judged: a run cut short by its step cap is
 * `unknown` unless something failed (simulate.ts).
 */
import type { NodeId } from '../../impl/actor.js';
import type { WorldView } from '../sim/types.js';
import type { AvailabilityOptions } from '../subsystems/descriptor.js';
import type { OpRecord } from '../workload/driver.js';
import type { Failure } from './failure.js';
import { fmtTime } from './format-time.js';

/** A maximal period of one configuration: servers out, network whole or not. */
export interface AvailabilityInterval {
  readonly start: number;
  /** End, exclusive (the run's end time for the last one). */
  end: number;
  readonly out: readonly NodeId[];
  readonly whole: boolean;
  /** The configuration as `sample` encodes it. */
  readonly key: number;
}

/** Coverage observations the monitor reports (counted per run). */
export const WRITES_UNDER_MINORITY_FAULT = 'writes-under-minority-fault';
export const MAJORITY_LOST = 'majority-lost';

/** What judging a run's writes found. */
export interface AvailabilityVerdict {
  /** The earliest failure. */
  readonly failure: Failure | undefined;
  /** The earliest failure of each property, in time order (for runs that record every failing property). */
  readonly failures: readonly Failure[];
  /** Per-run counts of the coverage observations. */
  readonly observations: ReadonlyMap<string, number>;
  /** Writes judged by `available-within-f` (and passed), and the longest any of them took, µs (from its invocation or its interval's start). */
  readonly judged: number;
  readonly slowestUs: number;
}

/** Tracks the configuration intervals of one run and judges its writes by them. */
export class AvailabilityMonitor {
  private readonly intervals: AvailabilityInterval[] = [];
  private readonly writes: ReadonlySet<string>;
  private key = -1;

  constructor(private readonly opts: AvailabilityOptions, private readonly servers: readonly NodeId[]) {
    this.writes = new Set(opts.writes);
  }

  /** Records the configuration now (call after every fault and every server step). */
  sample(view: WorldView): void {
    // The configuration as a number (bit i: server i out; bit 0 of the shift: network whole), cheap to compare every step.
    let key = view.networkWhole ? 1 : 0;
    const servers = this.servers;
    for (let i = 0; i < servers.length; i++) {
      const s = servers[i] as NodeId;
      if (!view.isUp(s) || this.opts.outOfQuorum?.(view, s) === true) key += 2 ** (i + 1);
    }
    if (key === this.key) return;
    this.key = key;
    const last = this.intervals[this.intervals.length - 1];
    if (last !== undefined) {
      last.end = view.time;
      // A change and its undoing at one instant (e.g. a restart's own step) leave no interval.
      if (last.start === view.time) this.intervals.pop();
    }
    const prev = this.intervals[this.intervals.length - 1];
    if (prev !== undefined && prev.key === key) {
      prev.end = Infinity;
      return;
    }
    const out = servers.filter((_, i) => Math.floor(key / 2 ** (i + 1)) % 2 === 1);
    this.intervals.push({ start: view.time, end: Infinity, out, whole: key % 2 === 1, key });
  }

  /** The intervals so far (the last one open until `end`). */
  timeline(end: number): readonly AvailabilityInterval[] {
    return this.intervals.map((i) => ({ ...i, end: Math.min(i.end, end) }));
  }

  /**
   * Judges the writes of `records` (in invocation order) against the intervals of a run that
   * ended at `endTime`. Returns the first failure, and the per-run coverage counts.
   */
  judge(
    records: readonly OpRecord[], endTime: number, describe: (r: OpRecord) => string,
  ): AvailabilityVerdict {
    const f = this.opts.faultsTolerated;
    const bound = this.opts.boundUs;
    const timeline = this.timeline(endTime);
    const observations = new Map<string, number>([[WRITES_UNDER_MINORITY_FAULT, 0], [MAJORITY_LOST, 0]]);
    const failures: Failure[] = [];
    const what = (r: OpRecord): string => `${describe(r)} (process ${String(r.process)}, invoked at ${fmtTime(r.invokeTime)})`;
    const n = this.servers.length;
    const outText = (i: AvailabilityInterval): string =>
      i.out.length === 0 ? `no server was out (f = ${f})` : `${i.out.join(', ')} ${i.out.length === 1 ? 'was' : 'were'} out (${i.out.length} of ${n} servers, f = ${f})`;
    let judged = 0;
    let slowestUs = 0;
    let k = 0;
    // A cluster that bootstraps (every server starts out of quorum) has not lost its majority: count from the first within-f configuration.
    let booted = false;
    for (const iv of timeline) {
      if (iv.out.length <= f) booted = true;
      else if (booted) observations.set(MAJORITY_LOST, (observations.get(MAJORITY_LOST) ?? 0) + 1);
      const within = iv.whole && iv.out.length <= f;
      const lost = iv.out.length > f;
      // Writes still open when a stable within-f interval began must end by start + bound.
      if (within && iv.start + bound <= iv.end) {
        for (const r of records) {
          if (r.invokeTime >= iv.start) break;
          const ended = r.completeTime ?? Infinity;
          // A write its own client's crash cut short says nothing of the servers' availability.
          if (ended < iv.start || !this.writes.has(r.f) || r.cutByCrash === true) continue;
          if (ended <= iv.start + bound) {
            slowestUs = Math.max(slowestUs, ended - iv.start);
            continue;
          }
          failures.push(fail('available-within-f', 'eventually', iv.start + bound,
            `${what(r)} was still open when, from ${fmtTime(iv.start)} to ${fmtTime(iv.end)}, ${outText(iv)} and the network was whole, and ${r.completeTime === undefined ? `is still pending at ${fmtTime(endTime)}` : `completed only at ${fmtTime(ended)}`}; it had until ${fmtTime(iv.start + bound)}`));
          break;
        }
      }
      while (k < records.length && (records[k] as OpRecord).invokeTime < iv.start) k++;
      for (let j = k; j < records.length; j++) {
        const r = records[j] as OpRecord;
        if (r.invokeTime >= iv.end) break;
        if (!this.writes.has(r.f) || r.cutByCrash === true) continue;
        if (within) {
          const deadline = r.invokeTime + bound;
          if (deadline > iv.end) continue;
          const ended = r.completeTime ?? Infinity;
          if (ended <= deadline && r.status === 'ok') {
            judged++;
            slowestUs = Math.max(slowestUs, ended - r.invokeTime);
            if (iv.out.length > 0) observations.set(WRITES_UNDER_MINORITY_FAULT, (observations.get(WRITES_UNDER_MINORITY_FAULT) ?? 0) + 1);
            continue;
          }
          const how = r.completeTime === undefined ? `is still pending at ${fmtTime(endTime)}`
            : ended > deadline ? `completed only at ${fmtTime(ended)}` : `ended ${r.status} at ${fmtTime(ended)}`;
          failures.push(fail('available-within-f', 'eventually', Math.min(ended, deadline),
            `${what(r)} ${how}; from ${fmtTime(iv.start)} to ${fmtTime(iv.end)} ${outText(iv)} and the network was whole, so it had until ${fmtTime(deadline)}`));
          break;
        } else if (lost && r.status === 'ok' && r.completeTime !== undefined && r.completeTime < iv.end) {
          failures.push(fail('no-commit-without-majority', 'always', r.completeTime,
            `${what(r)} completed ok at ${fmtTime(r.completeTime)}, but from ${fmtTime(iv.start)} to ${fmtTime(iv.end)} ${outText(iv)}: no majority could have stored it`));
          break;
        }
      }
    }
    failures.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
    const first = failures.filter((x, i) => failures.findIndex((y) => y.property === x.property) === i);
    return { failure: failures[0], failures: first, observations, judged, slowestUs };
  }
}

function fail(property: string, kind: 'always' | 'eventually', time: number, detail: string): Failure {
  return { property, kind, time, detail };
}
