/**
 * Causal consistency by bad patterns, for differentiated histories (each
 * value written at most once per key, never the initial value): Bouajjani,
 * Enea, Guerraoui and Hamza, "On verifying causal consistency" (POPL 2017,
 * §5, Table 2 and Theorems 5–7). A differentiated history satisfies a variant
 * iff it contains none of that variant's patterns, over `co = (so ∪ rf)⁺`:
 *
 * - ThinAirRead:     a read returns a value no write of its key wrote (a `fail` write's, say).
 * - CyclicCO:        `co` is cyclic.
 * - WriteCOInitRead: a read returns the initial value though a write of its key is in its causal past.
 * - WriteCORead:     r reads from w1 though another write w2 of the key sits between: w1 co w2 co r.
 * - CyclicCF (ccv):  `co ∪ cf` is cyclic, where w1 cf w2 iff w1 is in the causal past of a read of w2.
 * - WriteHBInitRead (cm): for some o, a read in o's session past returns the initial value though a write of its key is hb_o-before it.
 * - CyclicHB (cm):   for some o, hb_o is cyclic.
 *
 * `hb_o` is the least transitive relation containing `co` on past(o) and
 * `w1 hb_o w2` whenever a read r2 of w2 in o's session past has `w1 hb_o r2`
 * (w1 another write of the key): what o's session must have seen in order.
 * cc forbids the first four; cm adds WriteHBInitRead and CyclicHB; ccv adds
 * CyclicCF. Indeterminate writes count only when something reads them;
 * indeterminate reads are dropped. Polynomial; the oracle is causal-definition.ts.
 */
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import {
  INIT,
  type Relation,
  THIN_AIR,
  accessOf,
  causalOrder,
  closure,
  cycleOf,
  cyclic,
  differentiatedView,
  readFrom,
  sessionPrecedes,
} from './relations.js';
import type { CausalVariant } from './causal-definition.js';
import { type ModelVerdict, holds, unknown, violates } from './verdict.js';

/** A bad pattern found: its name and the operations forming it. */
export interface FoundPattern {
  readonly pattern: 'ThinAirRead' | 'CyclicCO' | 'WriteCOInitRead' | 'WriteCORead' | 'CyclicCF' | 'WriteHBInitRead' | 'CyclicHB';
  readonly ops: readonly Operation[];
}

/** Options of the bad-pattern causal checks. */
export interface CausalPatternOptions {
  /** The sequential specification of the register (register or kv): gives the initial value. */
  readonly model: Model;
}

/** CC by its bad patterns (differentiated histories). */
export const checkCcByPatterns = (ops: readonly Operation[], options: CausalPatternOptions): ModelVerdict<'cc'> => checkCausalByPatterns('cc', ops, options);

/** CM by its bad patterns (differentiated histories). */
export const checkCmByPatterns = (ops: readonly Operation[], options: CausalPatternOptions): ModelVerdict<'cm'> => checkCausalByPatterns('cm', ops, options);

/** CCv by its bad patterns (differentiated histories). */
export const checkCcvByPatterns = (ops: readonly Operation[], options: CausalPatternOptions): ModelVerdict<'ccv'> => checkCausalByPatterns('ccv', ops, options);

/** Whether `ops` satisfies causal `variant`, by searching for the variant's bad patterns. */
export function checkCausalByPatterns<V extends CausalVariant>(variant: V, ops: readonly Operation[], options: CausalPatternOptions): ModelVerdict<V> {
  const d = differentiatedView(ops, options.model);
  if ('reason' in d) return unknown(d.reason);
  const view = d.view;
  const found = findCausalPattern(variant, view, options.model);
  return found === undefined ? holds(variant) : violates(variant, found.pattern, found.ops);
}

/** The first bad pattern of `variant` in a differentiated causal view (causalView), or undefined. */
export function findCausalPattern(variant: CausalVariant, view: readonly Operation[], model: Model): FoundPattern | undefined {
  const rf = readFrom(view, model);
  const at = (is: readonly number[]): Operation[] => is.map((i) => view[i]!);
  const thin = rf.indexOf(THIN_AIR);
  if (thin >= 0) return { pattern: 'ThinAirRead', ops: at([thin]) };
  const co = causalOrder(view, rf);
  if (cyclic(co)) return { pattern: 'CyclicCO', ops: at(cycleOf(co)) };
  const writesOf = (r: number): number[] => view.map((_, w) => w).filter((w) => accessOf(view[w]!) === 'write' && view[w]!.key === view[r]!.key);
  for (let r = 0; r < view.length; r++) {
    if (rf[r] !== INIT) continue;
    const w = writesOf(r).find((x) => co[x]![r]);
    if (w !== undefined) return { pattern: 'WriteCOInitRead', ops: at([w, r]) };
  }
  for (let r = 0; r < view.length; r++) {
    const w1 = rf[r]!;
    if (w1 < 0) continue;
    const w2 = writesOf(r).find((x) => x !== w1 && co[w1]![x] && co[x]![r]);
    if (w2 !== undefined) return { pattern: 'WriteCORead', ops: at([w1, w2, r]) };
  }
  if (variant === 'ccv') return cyclicConflict(view, rf, co, writesOf);
  if (variant === 'cm') return happenedBeforePattern(view, rf, co, writesOf);
  return undefined;
}

/** CyclicCF: `co ∪ cf` cyclic; the witness is the cycle plus the reads that justify its cf edges. */
function cyclicConflict(view: readonly Operation[], rf: readonly number[], co: Relation, writesOf: (r: number) => number[]): FoundPattern | undefined {
  const both = co.map((row) => row.slice());
  const why = new Map<string, number>();
  rf.forEach((w2, r) => {
    if (w2 < 0) return;
    for (const w1 of writesOf(r)) {
      if (w1 === w2 || !co[w1]![r]) continue;
      both[w1]![w2] = true;
      why.set(`${w1}:${w2}`, r);
    }
  });
  const closed = closure(both);
  if (!cyclic(closed)) return undefined;
  const cycle = cycleOf(closed);
  const reads = [...why].filter(([edge]) => {
    const [a, b] = edge.split(':').map(Number) as [number, number];
    return cycle.includes(a) && cycle.includes(b);
  });
  return { pattern: 'CyclicCF', ops: [...cycle, ...reads.map(([, r]) => r)].map((i) => view[i]!) };
}

/** WriteHBInitRead and CyclicHB, checked for each operation last in its session (hb_o only grows along a session). */
function happenedBeforePattern(view: readonly Operation[], rf: readonly number[], co: Relation, writesOf: (r: number) => number[]): FoundPattern | undefined {
  const n = view.length;
  for (let o = 0; o < n; o++) {
    if (view.some((b) => sessionPrecedes(view[o]!, b))) continue;
    const sessionPast = (r: number): boolean => r === o || sessionPrecedes(view[r]!, view[o]!);
    let hb: Relation = co.map((row, a) => row.map((x, b) => x && (b === o || co[b]![o] === true) && (a === o || co[a]![o] === true)));
    for (let changed = true; changed; ) {
      changed = false;
      rf.forEach((w2, r2) => {
        if (w2 < 0 || !sessionPast(r2)) return;
        for (const w1 of writesOf(r2)) {
          if (w1 !== w2 && hb[w1]![r2] && !hb[w1]![w2]) {
            hb[w1]![w2] = true;
            changed = true;
          }
        }
      });
      if (changed) hb = closure(hb);
    }
    for (let r = 0; r < n; r++) {
      if (rf[r] !== INIT || !sessionPast(r)) continue;
      const w = writesOf(r).find((x) => hb[x]![r]);
      if (w !== undefined) return { pattern: 'WriteHBInitRead', ops: [w, r, o].map((i) => view[i]!) };
    }
    if (cyclic(hb)) return { pattern: 'CyclicHB', ops: [...cycleOf(hb), o].map((i) => view[i]!) };
  }
  return undefined;
}
