/**
 * Pairs operation events into Operations, one event at a time, so streaming
 * readers never hold the events themselves. The rules are those of the trace
 * format (DESIGN.md, "Trace format (version 1)"): one open operation per
 * process; `ok` gives the result; `fail` never took effect and is dropped;
 * `info` (and an invocation still open at the end) is indeterminate.
 */
import { BudgetError, InputError } from './errors.js';
import type { History, Operation } from './history.js';
import type { JsonValue, OpType, ProcessId } from './schema/trace-v1.js';

/** One operation event as importers hand it over (already schema-checked). */
export interface EventIn {
  readonly type: OpType;
  readonly process: ProcessId;
  /** The client session (absent: the process); taken from the invocation. */
  readonly session?: ProcessId | undefined;
  readonly f: string;
  readonly key?: string | undefined;
  readonly value?: JsonValue | undefined;
}

/** A fault annotation (Jepsen `:nemesis`, or a world event of a full trace). */
export type Annotation = History['annotations'][number];

/** Options of a HistoryBuilder. */
export interface BuildOptions {
  /** Budget on invocations; exceeding it throws BudgetError. */
  readonly maxOps?: number | undefined;
}

/** The process name whose events are fault annotations, not operations (Jepsen). */
export const NEMESIS_PROCESS = 'nemesis';

/** An operation under construction; finish() turns it into the Operation in place (one object per op). */
export interface Slot {
  id: number;
  process: ProcessId;
  session?: ProcessId;
  f: string;
  key: string | undefined;
  input: JsonValue;
  output: JsonValue | undefined;
  status: 'ok' | 'info' | 'fail' | 'open';
  call: number;
  ret: number;
  callLine: number;
  retLine: number | undefined;
}

/** What the builder produces: a History plus the operation names invoked. */
export type BuiltHistory = History & { readonly fs: ReadonlySet<string> };

/** A process as messages name it (only when there is a message: it costs a string per event). */
function processName(p: ProcessId): string {
  return typeof p === 'string' ? JSON.stringify(p) : String(p);
}

/** Result strings at least this long are shared between operations (shorter ones cost little). */
const SHARED_MIN = 16;

/** Processes numbered below this have their open operation in an array. */
const SMALL_PROCESS = 4096;

/** Whether process `p` keeps its open operation in the array (a small non-negative integer). */
function isSmallProcess(p: ProcessId): boolean {
  return typeof p === 'number' && p >= 0 && p < SMALL_PROCESS && Number.isInteger(p);
}

/**
 * An operation record: the one object literal every operation the builder makes, and every
 * indeterminate copy the checker makes of one (harness/check/minimize.ts, `prefixAt`), comes from, so
 * all have their keys in one order and share one hidden class in V8: the checker's optimized code
 * sees one shape. (`session`, when there is one, is added after, as the builder does.)
 */
export function operationRecord(
  id: number, process: ProcessId, f: string, key: string | undefined, input: JsonValue, output: JsonValue | undefined,
  status: Slot['status'], call: number, ret: number, callLine: number, retLine: number | undefined,
): Slot {
  return { id, process, f, key, input, output, status, call, ret, callLine, retLine };
}

/**
 * A field's representation in that class is that of the values stored so far: `ret` holds integers
 * until the first Infinity (an indeterminate operation, often a cut prefix's copy made mid-check),
 * which would then turn every operation's `ret` into a boxed double and throw away the optimized code
 * that read integers there. One record, made here with a `ret` of another kind, gives the field the
 * general representation from the start: integers stay unboxed, Infinity is one shared number. Its
 * keys are the record's keys.
 */
const GENERAL = operationRecord(0, 0, '', undefined, null, undefined, 'open', 0, -1, 0, undefined);
(GENERAL as unknown as { ret: unknown }).ret = null;

/** The keys an operation record can have (`session` too). */
export const OPERATION_KEYS: ReadonlySet<string> = new Set([...Object.keys(GENERAL), 'session']);

/** The default budget on operations in one history. */
export const DEFAULT_MAX_OPS = 50_000_000;

/** Incremental builder: feed `event`s in file order, then `finish()`. */
export class HistoryBuilder {
  private slots: Slot[] = [];
  private readonly open = new Map<ProcessId, Slot>();
  /** The open operations of processes numbered below SMALL_PROCESS, by number (most recorders number them): no Map per event. */
  private readonly openSmall: (Slot | undefined)[] = [];
  private readonly lastResult = new Map<string | undefined, string>();
  /** The first operation names seen (`fs` holds all): a name is looked for here before the Set. */
  private readonly fsSeen: string[] = [];
  private readonly annotations: Annotation[] = [];
  private readonly fs = new Set<string>();
  private readonly maxOps: number;
  private position = 0;
  private failed = 0;

  constructor(readonly source: string, opts: BuildOptions = {}) {
    this.maxOps = opts.maxOps ?? DEFAULT_MAX_OPS;
  }

  /** How many invocations have been seen so far. */
  get invocations(): number {
    return this.slots.length;
  }

  /** Names of the operations invoked so far. */
  get operationNames(): ReadonlySet<string> {
    return this.fs;
  }

  /** Records a fault annotation. */
  annotate(a: Annotation): void {
    this.annotations.push(a);
  }

  /** Feeds one operation event read from `line` (1-based). */
  event(e: EventIn, line: number): void {
    if (e.process === NEMESIS_PROCESS) {
      this.annotate({ line, f: e.f, value: e.value, phase: e.type });
      return;
    }
    const pos = this.position++;
    const open = this.openOf(e.process);
    if (e.type === 'invoke') {
      if (open !== undefined) {
        const pname = processName(e.process);
        throw new InputError(
          { file: this.source, line },
          `"invoke" for process ${pname} while its operation from line ${open.callLine} is still open (one open operation per process)`,
          'history',
        );
      }
      if (this.slots.length >= this.maxOps) {
        throw new BudgetError(`${this.source}: more than ${this.maxOps} operations (the operation budget); not checked`);
      }
      // `ret` is set when the operation completes, or to Infinity by finish().
      const slot = operationRecord(this.slots.length, e.process, e.f, e.key, e.value ?? null, undefined, 'open', pos, -1, line, undefined);
      if (e.session !== undefined && e.session !== e.process) slot.session = e.session;
      this.slots.push(slot);
      this.setOpen(e.process, slot);
      if (!this.fsSeen.includes(e.f)) {
        if (this.fsSeen.length < 16) this.fsSeen.push(e.f);
        this.fs.add(e.f);
      }
      return;
    }
    if (open === undefined) {
      const pname = processName(e.process);
      throw new InputError({ file: this.source, line }, `"${e.type}" for process ${pname} has no open "invoke"`, 'history');
    }
    if (open.f !== e.f) {
      const pname = processName(e.process);
      throw new InputError(
        { file: this.source, line },
        `"${e.type}" for process ${pname} is "${e.f}" but its "invoke" (line ${open.callLine}) is "${open.f}"`,
        'history',
      );
    }
    if (open.key !== e.key) {
      const pname = processName(e.process);
      throw new InputError(
        { file: this.source, line },
        `"${e.type}" for process ${pname} has key ${JSON.stringify(e.key) ?? 'none'} but its "invoke" (line ${open.callLine}) has key ${JSON.stringify(open.key) ?? 'none'}`,
        'history',
      );
    }
    if (e.session !== undefined && e.session !== (open.session ?? open.process)) {
      const pname = processName(e.process);
      throw new InputError(
        { file: this.source, line },
        `"${e.type}" for process ${pname} has session ${JSON.stringify(e.session)} but its "invoke" (line ${open.callLine}) has session ${JSON.stringify(open.session ?? open.process)}`,
        'history',
      );
    }
    this.setOpen(e.process, undefined);
    open.retLine = line;
    if (e.type === 'ok') {
      open.status = 'ok';
      open.ret = pos;
      const v = e.value;
      // A completion that repeats its invocation's string (an append's ok) shares it; a long result is shared too.
      open.output = v === undefined ? null : typeof v !== 'string' ? v : v === open.input ? open.input : v.length >= SHARED_MIN ? this.shared(open.key, v) : v;
    } else if (e.type === 'fail') {
      open.status = 'fail';
      this.failed++;
    } else {
      this.close(open);
    }
  }

  /**
   * One copy of a long result string that repeats the last result for the same key: reads of a key
   * return its value again and again until it changes (a million-operation history held ~25 MB of
   * such copies). Only the last one per key is looked at: a table of every result cost more time
   * than the memory was worth.
   */
  private shared(key: string | undefined, v: string): string {
    const last = this.lastResult.get(key);
    if (last === v) return last;
    this.lastResult.set(key, v);
    return v;
  }

  /** An operation that completed `info`, or is still open at the end: indeterminate. */
  private close(s: Slot): void {
    s.status = 'info';
    s.ret = Infinity;
  }

  private openOf(p: ProcessId): Slot | undefined {
    return isSmallProcess(p) ? this.openSmall[p as number] : this.open.get(p);
  }

  private setOpen(p: ProcessId, slot: Slot | undefined): void {
    if (isSmallProcess(p)) this.openSmall[p as number] = slot;
    else if (slot === undefined) this.open.delete(p);
    else this.open.set(p, slot);
  }

  /** Closes the history: open invocations become `info`, `fail`s are dropped, ids are made dense. */
  finish(): BuiltHistory {
    for (const s of this.openSmall) if (s !== undefined) this.close(s);
    for (const s of this.open.values()) this.close(s);
    let ops: Operation[];
    if (this.failed === 0) {
      // Ids were given in invocation order and nothing is dropped: the slots are the operations (no pass over them).
      ops = this.slots as Operation[];
    } else {
      ops = [];
      for (const s of this.slots) {
        if (s.status === 'fail') continue;
        s.id = ops.length;
        ops.push(s as Operation);
      }
    }
    this.slots = [];
    this.open.clear();
    this.openSmall.length = 0;
    this.lastResult.clear();
    return { source: this.source, ops, failed: this.failed, annotations: this.annotations, fs: this.fs };
  }
}
