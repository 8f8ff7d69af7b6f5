/**
 * The tiny interface that separates a sequential specification from the
 * checkers (after Porcupine's model.go). Models are pure: `step` returns a new
 * state and never mutates, so backtracking search can keep old states.
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';
import type { Operation } from '../traces/history.js';

/** What an operation asked for. */
export interface Input {
  readonly f: string;
  readonly key: string | undefined;
  readonly value: JsonValue;
}

/** The outcome of applying one operation to a state. */
export interface StepResult<S> {
  /** Whether the operation, with this output, is allowed in this state. */
  readonly legal: boolean;
  /** The state after it (meaningless when not legal). */
  readonly next: S;
}

/**
 * Every `{ legal, next }` object literal shares one hidden class (V8 keys it by the property names
 * and their order), and a field's representation is that of the values stored so far. A register
 * over Jepsen's etcd histories first holds small integers, so the search's optimized code stores
 * `next` as one; the first `null` state then throws that code away and it runs unoptimized until
 * compiled again (one such bail-out per process, some 15 of the corpus's 102 files). A step result
 * of each kind made here, at load, gives `next` the general representation from the start.
 */
for (const next of [0, 0.5, null]) void ({ legal: false, next } satisfies StepResult<unknown>);

/** One independent sub-history and the model that checks it. */
export interface Partition<S = unknown> {
  /** The key the sub-history is about (`undefined`: the whole history). */
  readonly key: string | undefined;
  readonly ops: readonly Operation[];
  readonly model: Model<S>;
}

/** A sequential specification. */
export interface Model<S = unknown> {
  /** Short name, as given to `--model`. */
  readonly name: string;
  /** Operation names this model understands (used to infer the model). */
  readonly operations: readonly string[];
  /** The initial state. */
  init(): S;
  /**
   * Apply `input` with observed `output` (`undefined` = unknown, the operation
   * is indeterminate and any output is acceptable).
   */
  step(s: S, input: Input, output: JsonValue | undefined): StepResult<S>;
  /** Bucket for memoization; equal states must hash equal. */
  hash(s: S): number;
  /** Confirms a memo hit (a hash alone can collide and fake a violation). */
  equal(a: S, b: S): boolean;
  /**
   * Optional fast path: `hash(next)` computed from `hash(s)` = `hs` without
   * reading all of `next` (e.g. an append extends a streaming hash).
   */
  hashStep?(s: S, hs: number, input: Input, next: S): number;
  /** Optional: whether an operation with this input never changes the state (reads); minimizers may drop such operations. */
  isReadOnly?(input: Input): boolean;
  /**
   * Optional fast path for a read-only operation with a known output: the one state in which
   * it is legal (`step(s, input, output).legal` iff `equal(s, state)`), so a checker that
   * interns states tests its legality by comparing ids; undefined when there is no such state.
   */
  legalOnlyIn?(input: Input, output: JsonValue): { readonly state: S } | undefined;
  /**
   * Optional pruning knowledge: a preorder on states (`extends(later, earlier)`, reflexive and
   * transitive) that every operation with `grows(input)` respects — its next state extends its
   * state, whatever the output. E.g. appends and gets grow a string in the prefix order.
   * `resets` names, for an operation that does not grow, the state it sets whatever the
   * current one (a put), if it does.
   */
  readonly monotone?: {
    grows(input: Input): boolean;
    extends(later: S, earlier: S): boolean;
    resets?(input: Input): { readonly state: S } | undefined;
  };
  /** Split a history into independent sub-histories (P-compositionality). */
  partition?(ops: readonly Operation[]): Partition[];
  /** Checks that an operation is well formed for this model; returns what is wrong, or undefined. */
  validate?(f: string, value: JsonValue | undefined, phase: 'invoke' | 'ok' | 'fail' | 'info'): string | undefined;
  /** Human-readable rendering of an operation for reports. */
  describe(op: Operation): string;
  /** Human-readable rendering of a state for reports. */
  showState(s: S): string;
}

/** Renumber operations 0..n-1 (checkers index bitsets by `id`). */
export function renumber(ops: readonly Operation[]): Operation[] {
  return ops.map((op, id) => (op.id === id ? op : { ...op, id }));
}

/**
 * Split by `key` into per-key partitions checked by `model` (keys in first-seen order). A partition
 * holds its history's own Operation objects, ids and all (increasing, not dense): no checker indexes
 * by `id`, and copying every operation per key cost a million-operation history ~150 MB.
 */
export function partitionByKey(ops: readonly Operation[], model: (key: string | undefined) => Model): Partition[] {
  if (ops.length > 0 && ops.every((op) => op.key === ops[0]!.key)) return [{ key: ops[0]!.key, ops, model: model(ops[0]!.key) }];
  const groups = new Map<string | undefined, Operation[]>();
  for (const op of ops) {
    let g = groups.get(op.key);
    if (g === undefined) groups.set(op.key, (g = []));
    g.push(op);
  }
  return [...groups].map(([key, g]) => ({ key, ops: g, model: model(key) }));
}
