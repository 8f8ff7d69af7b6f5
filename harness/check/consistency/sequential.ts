/**
 * Fast sequential-consistency checker: a depth-first search for one total
 * order of the operations that respects each session's order and is legal
 * for the model — spec/consistency/sequential.ts is the definition and
 * oracle. Like the linearizability search (search.ts) it memoizes failed
 * configurations and places a legal read at once (it changes no state and
 * nothing waits for it, so placing it first loses no order); unlike it, the
 * candidates are each session's next operation, not the calls before the
 * first return. Sequential consistency is not local (Herlihy and Wing), so
 * there is no per-key split: the state is the tuple of per-key states, each
 * interned to an id (state-table.ts). NP-complete: past `maxSteps` the
 * verdict is `unknown`.
 *
 * A configuration is (how far each session got, which indeterminate
 * operations were placed, the state ids). Indeterminate reads are dropped
 * (any result, no effect); an indeterminate update may be placed once its
 * session predecessors are, or never. Sessions whose `ok` operations overlap
 * in real time are `unknown` (sessionsOf in view.ts).
 */
import type { Operation } from '../../../traces/history.js';
import type { Input, Model } from '../../../spec/model.js';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import { StateTable } from '../state-table.js';
import { sessionsOf } from './view.js';

/** What a sequential search concluded, and the steps it took. */
export type SequentialOutcome = { readonly verdict: 'sequential' | 'violation'; readonly steps: number } | { readonly verdict: 'unknown'; readonly reason: string; readonly steps: number };

/**
 * Searches for a legal total order of `all` respecting session order, within `maxSteps` search
 * steps. Sessions that share no key with each other (transitively) are searched apart: total
 * orders of such groups interleave in any way, since no session and no key spans two of them.
 * Returns, on a violation, the operations of the group that has none.
 */
export function searchSequential(all: readonly Operation[], model: Model, maxSteps: number): SequentialOutcome & { readonly group?: readonly Operation[] } {
  // Small groups first: a violation in any decides, whatever the large ones cost.
  const groups = independentGroups(all).sort((a, b) => a.length - b.length);
  let steps = 0;
  let unknownReason: string | undefined;
  for (const group of groups) {
    const r = searchGroup(group, model, Math.max(0, maxSteps - steps));
    steps += r.steps;
    if (r.verdict === 'violation') return { verdict: 'violation', steps, group };
    if (r.verdict === 'unknown') unknownReason ??= r.reason;
  }
  return unknownReason === undefined ? { verdict: 'sequential', steps } : { verdict: 'unknown', reason: unknownReason, steps };
}

/** The operations grouped by connected sessions and keys (an operation joins its session to its key). */
function independentGroups(ops: readonly Operation[]): Operation[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const node = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    return x;
  };
  for (const op of ops) {
    const a = find(node(`s${JSON.stringify(op.session ?? op.process)}`));
    const b = find(node(`k${JSON.stringify(op.key ?? null)}`));
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<string, Operation[]>();
  for (const op of ops) {
    const r = find(`k${JSON.stringify(op.key ?? null)}`);
    const g = groups.get(r);
    if (g === undefined) groups.set(r, [op]);
    else g.push(op);
  }
  return [...groups.values()];
}

function searchGroup(all: readonly Operation[], model: Model, maxSteps: number): SequentialOutcome {
  const ops = all.filter((op) => op.status === 'ok' || model.isReadOnly?.({ f: op.f, key: op.key, value: op.input }) !== true).sort((a, b) => a.call - b.call);
  const n = ops.length;
  const sessions = sessionsOf(ops);
  if ('reason' in sessions) return { verdict: 'unknown', reason: sessions.reason, steps: 0 };
  const { sessionOk, soCount, session } = sessions;
  const S = sessionOk.length;
  // Per-key models and interned states.
  const parts = model.partition?.(ops) ?? [{ key: undefined, ops, model }];
  const slotOf = new Map<string | undefined, number>();
  parts.forEach((p, i) => slotOf.set(p.key, i));
  const tables = parts.map((p) => new StateTable(p.model));
  const K = parts.length;
  const slot = Int32Array.from(ops, (op) => (model.partition === undefined ? 0 : slotOf.get(op.key)!));
  const inputs: Input[] = ops.map((op) => ({ f: op.f, key: op.key, value: op.input }));
  const outputs: (JsonValue | undefined)[] = ops.map((op) => (op.status === 'ok' ? op.output : undefined));
  const readOnly = Uint8Array.from(ops, (op, i) => (op.status === 'ok' && model.isReadOnly?.(inputs[i]!) === true ? 1 : 0));
  const infos = ops.map((_, i) => i).filter((i) => ops[i]!.status !== 'ok');
  const infoIndex = new Int32Array(n).fill(-1);
  infos.forEach((i, k) => (infoIndex[i] = k));
  // One-entry transition cache per (op, from-state).
  const lastFrom = new Int32Array(n).fill(-1);
  const lastTo = new Int32Array(n);
  // For a read with a known output: the id of the one per-key state it is legal in, else -1.
  const needState = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (readOnly[i] !== 1) continue;
    const only = parts[slot[i]!]!.model.legalOnlyIn?.(inputs[i]!, outputs[i]!);
    if (only !== undefined) needState[i] = tables[slot[i]!]!.internInit(only.state);
  }
  const state = new Int32Array(K);
  parts.forEach((p, k) => (state[k] = tables[k]!.internInit(p.model.init())));
  const progress = new Int32Array(S);
  const placedInfo = new Uint8Array(infos.length);
  let remaining = 0;
  for (const c of sessionOk) remaining += c.length;
  const failed = new Set<string>();
  const memoKey = (): string => `${progress.join(',')}|${placedInfo.join('')}|${state.join(',')}`;
  const transition = (i: number): number => {
    const k = slot[i]!;
    const cur = state[k]!;
    if (lastFrom[i] === cur) return lastTo[i]!;
    const t = tables[k]!;
    const s = t.states[cur];
    const r = parts[k]!.model.step(s, inputs[i]!, outputs[i]);
    const to = !r.legal ? -1 : r.next === s ? cur : t.internStep(cur, inputs[i]!, r.next);
    lastFrom[i] = cur;
    lastTo[i] = to;
    return to;
  };
  /** The moves from the current configuration: a legal read alone if there is one, else every candidate. */
  const movesOf = (): number[] => {
    const moves: number[] = [];
    for (let s = 0; s < S; s++) {
      if (progress[s]! >= sessionOk[s]!.length) continue;
      const i = sessionOk[s]![progress[s]!]!;
      if (readOnly[i] === 1) {
        if (transition(i) >= 0) return [i];
        continue;
      }
      moves.push(i);
    }
    for (let k = 0; k < infos.length; k++) {
      const i = infos[k]!;
      if (placedInfo[k] === 0 && soCount[i]! <= progress[session[i]!]!) moves.push(i);
    }
    // Try first the moves that produce a state a blocked read at the head of a session needs.
    const needed = new Set<number>();
    for (let s = 0; s < S; s++) {
      if (progress[s]! >= sessionOk[s]!.length) continue;
      const i = sessionOk[s]![progress[s]!]!;
      if (readOnly[i] === 1 && needState[i]! >= 0) needed.add(slot[i]! * 0x10000000 + needState[i]!);
    }
    // Otherwise in invocation order, so the first path tried follows real time.
    moves.sort((a, b) => a - b);
    if (needed.size === 0) return moves;
    const wanted = (i: number): boolean => {
      const to = transition(i);
      return to >= 0 && needed.has(slot[i]! * 0x10000000 + to);
    };
    return [...moves.filter(wanted), ...moves.filter((i) => !wanted(i))];
  };
  interface Frame {
    readonly key: string;
    readonly moves: number[];
    next: number;
    /** The move that entered this frame and the state id it replaced (-1 for the root). */
    readonly via: number;
    readonly prevState: number;
  }
  const stack: Frame[] = [];
  let steps = 0;
  const enter = (via: number, prevState: number): boolean => {
    if (remaining === 0) return true;
    const key = memoKey();
    if (failed.has(key)) {
      undo(via, prevState);
      return false;
    }
    stack.push({ key, moves: movesOf(), next: 0, via, prevState });
    return false;
  };
  const apply = (i: number, to: number): number => {
    const k = slot[i]!;
    const prev = state[k]!;
    state[k] = to;
    if (infoIndex[i]! >= 0) placedInfo[infoIndex[i]!] = 1;
    else {
      progress[session[i]!]!++;
      remaining--;
    }
    return prev;
  };
  const undo = (i: number, prevState: number): void => {
    if (i < 0) return;
    state[slot[i]!] = prevState;
    if (infoIndex[i]! >= 0) placedInfo[infoIndex[i]!] = 0;
    else {
      progress[session[i]!]!--;
      remaining++;
    }
  };
  if (enter(-1, -1)) return { verdict: 'sequential', steps };
  while (stack.length > 0) {
    if (steps >= maxSteps) return { verdict: 'unknown', reason: `step budget of ${maxSteps} search steps exhausted`, steps };
    steps++;
    const top = stack[stack.length - 1]!;
    if (top.next >= top.moves.length) {
      failed.add(top.key);
      stack.pop();
      undo(top.via, top.prevState);
      continue;
    }
    const i = top.moves[top.next++]!;
    const to = transition(i);
    if (to < 0) continue;
    const prev = apply(i, to);
    if (enter(i, prev)) return { verdict: 'sequential', steps };
  }
  return { verdict: 'violation', steps };
}
