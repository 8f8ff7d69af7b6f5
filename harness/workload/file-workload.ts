/**
 * A file-session workload as a fast-check arbitrary: per client slot a list
 * of sessions, each `open` → reads and writes → `close` on one of a few
 * files, after a think time. A writing session writes 1–3 tokens, unique per
 * run (`<client>.<session>.<write>`), and its close names them, so a lost,
 * partial or foreign store shows in every later open of the file.
 */
import * as fc from 'fast-check';
import type { WorkloadOp } from '../subsystems/descriptor.js';
import { shrinkableList } from './shrinkable-list.js';

/** Shape of a file workload. */
export interface FileWorkloadOptions {
  readonly clients: number;
  readonly files: readonly string[];
  /** Sessions per client: between `minSessions` and `maxSessions`. */
  readonly minSessions: number;
  readonly maxSessions: number;
  /** Percentage of sessions that write (0–100). */
  readonly writePercent: number;
  /** Largest think time before a session, µs. */
  readonly maxThinkUs: number;
  /** Largest pause between the operations of a session, µs. */
  readonly maxGapUs: number;
}

interface SessionShape {
  readonly file: string;
  readonly write: number;
  readonly writes: number;
  readonly reads: readonly boolean[];
  readonly thinkUs: number;
  readonly gapUs: number;
}

/** The arbitrary of per-client session lists, flattened to operations. */
export function fileWorkload(o: FileWorkloadOptions): fc.Arbitrary<readonly (readonly WorkloadOp[])[]> {
  const session: fc.Arbitrary<SessionShape> = fc.record({
    file: fc.constantFrom(...o.files),
    write: fc.integer({ min: 0, max: 99 }),
    writes: fc.integer({ min: 1, max: 3 }),
    reads: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    thinkUs: fc.integer({ min: 0, max: o.maxThinkUs }),
    gapUs: fc.integer({ min: 0, max: o.maxGapUs }),
  });
  const slot = shrinkableList(session, { minLength: o.minSessions, maxLength: o.maxSessions });
  return fc.array(slot, { minLength: o.clients, maxLength: o.clients }).map((slots) => slots.map((ss, c) => ss.flatMap((s, i) => sessionOps(s, c + 1, i + 1, o.writePercent))));
}

function sessionOps(s: SessionShape, client: number, n: number, writePercent: number): WorkloadOp[] {
  const key = s.file;
  const ops: WorkloadOp[] = [{ f: 'open', key, value: null, thinkUs: s.thinkUs }];
  const read = (i: number): void => {
    if (s.reads[i] === true) ops.push({ f: 'read', key, value: null, thinkUs: s.gapUs });
  };
  read(0);
  const tokens: string[] = [];
  if (s.write < writePercent) {
    for (let w = 1; w <= s.writes; w++) {
      const t = `${client}.${n}.${w}`;
      tokens.push(t);
      ops.push({ f: 'write', key, value: t, thinkUs: s.gapUs });
      read(w);
    }
  }
  ops.push({ f: 'close', key, value: tokens, thinkUs: s.gapUs });
  return ops;
}

/** One-line description of a file workload, for `quorate list`. */
export function describeFileWorkload(o: FileWorkloadOptions): string {
  return `file sessions (open, reads, 1-3 writes in ${o.writePercent} % of sessions, close) on files ${o.files.join(',')}; ${o.clients} clients × ${o.minSessions}-${o.maxSessions} sessions, think ≤ ${o.maxThinkUs / 1000} ms`;
}
