/**
 * A trace or history as a report sees it: every operation as the client saw
 * it (ok, fail and indeterminate alike, with its lines and, when recorded,
 * its times and node), the world events of a simulated run (messages, faults,
 * property verdicts) with their lines, and the header. The file is read
 * through the same schema-validating readers as `quorate check`; this adds
 * what checkers drop (`fail` operations, times, world events).
 */
import { parseHistoryText, type ReadHistoryResult } from '../../traces/read-history.js';
import { textLines } from '../../traces/read-lines.js';
import type { JsonValue, ProcessId, TraceHeader } from '../../traces/schema/trace-v1.js';

/** One client operation as a report draws it. */
export interface ShownOp {
  /** Index among all shown operations, in invocation order. */
  readonly idx: number;
  readonly process: ProcessId;
  readonly f: string;
  readonly key: string | null;
  readonly input: JsonValue;
  /** The completion's value for `ok`; undefined otherwise. */
  readonly output: JsonValue | undefined;
  /** `ok`, `fail` (did not happen) or `info` (indeterminate: an `info` completion or none). */
  readonly status: 'ok' | 'fail' | 'info';
  /** 1-based lines of the invocation and the completion (undefined: never completed). */
  readonly callLine: number;
  readonly retLine: number | undefined;
  /** Virtual (or recorded) times, µs, when the file has them. */
  readonly callTime: number | undefined;
  readonly retTime: number | undefined;
  /** The client node, for simulated runs. */
  readonly node: string | undefined;
}

/** A world event with the line it is on. */
export interface ShownEvent {
  readonly line: number;
  readonly type: string;
  readonly time: number;
  readonly e: Readonly<Record<string, JsonValue>>;
}

/** Everything a report needs from one input file. */
export interface ReportTrace {
  readonly source: string;
  readonly header: TraceHeader | undefined;
  readonly history: ReadHistoryResult;
  readonly ops: readonly ShownOp[];
  /** World events in file order (timers left out: they are not faults nor messages). */
  readonly events: readonly ShownEvent[];
  /** Whether every operation has a time (else the timeline's axis is the line number). */
  readonly timed: boolean;
}

/** World event types a report keeps. */
const KEPT = new Set(['send', 'deliver', 'drop', 'duplicate', 'partition', 'heal', 'crash', 'restart', 'clock', 'net', 'nemesis', 'property']);

/** Reads a history or trace held in `text` (any format `quorate check` reads); throws InputError on bad input. */
export function readReportTrace(text: string, source: string): ReportTrace {
  const history = parseHistoryText(text, source);
  if (history.format !== 'jsonl') return fromHistory(history, source);
  let header: TraceHeader | undefined;
  // Completions fill in the operation their invocation opened.
  const ops: Array<{ -readonly [K in keyof ShownOp]: ShownOp[K] }> = [];
  const events: ShownEvent[] = [];
  const open = new Map<ProcessId, { i: number }>();
  let line = 0;
  let timed = true;
  for (const t of textLines(text)) {
    line++;
    if (t.trim() === '') continue;
    const v = JSON.parse(t) as Record<string, JsonValue>;
    if (line === 1 && 'format' in v) {
      header = v as unknown as TraceHeader;
      continue;
    }
    const type = v['type'];
    if (type === 'invoke' || type === 'ok' || type === 'fail' || type === 'info') {
      const process = v['process'] as ProcessId;
      const time = typeof v['time'] === 'number' ? v['time'] : undefined;
      if (type === 'invoke') {
        if (time === undefined) timed = false;
        const key = typeof v['key'] === 'string' ? v['key'] : null;
        const node = typeof v['node'] === 'string' ? v['node'] : undefined;
        ops.push({ idx: ops.length, process, f: String(v['f']), key, input: v['value'] ?? null, output: undefined, status: 'info', callLine: line, retLine: undefined, callTime: time, retTime: undefined, node });
        open.set(process, { i: ops.length - 1 });
      } else {
        const o = open.get(process);
        if (o === undefined) continue;
        open.delete(process);
        const op = ops[o.i]!;
        op.status = type;
        op.retLine = line;
        op.retTime = time;
        if (type === 'ok') op.output = v['value'] ?? null;
      }
      continue;
    }
    if (typeof type === 'string' && KEPT.has(type)) events.push({ line, type, time: typeof v['time'] === 'number' ? v['time'] : 0, e: v });
  }
  return { source, header, history, ops, events, timed: timed && ops.length > 0 };
}

/** Formats without times or world events (Jepsen EDN and logs): the checker's operations; `fail` ones are counted, not drawn. */
function fromHistory(h: ReadHistoryResult, source: string): ReportTrace {
  const ops: ShownOp[] = h.ops.map((o, idx) => ({
    idx, process: o.process, f: o.f, key: o.key ?? null, input: o.input, output: o.output, status: o.status,
    callLine: o.callLine, retLine: o.retLine, callTime: undefined, retTime: undefined, node: undefined,
  }));
  return { source, header: undefined, history: h, ops, events: [], timed: false };
}

/** The last time in the trace, µs (0 when it has none): where open operations and faults end. */
export function traceEnd(t: ReportTrace): number {
  let end = 0;
  for (const o of t.ops) end = Math.max(end, o.retTime ?? o.callTime ?? 0);
  for (const e of t.events) end = Math.max(end, e.time);
  return end;
}

/** The last line holding an operation event. */
export function lastOpLine(t: ReportTrace): number {
  let last = 0;
  for (const o of t.ops) last = Math.max(last, o.retLine ?? o.callLine);
  return last;
}
