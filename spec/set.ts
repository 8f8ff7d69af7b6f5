/**
 * Sequential specification of a set of strings with add / remove / read —
 * what an observed-remove set (OR-set; Shapiro, Preguiça, Baquero and
 * Zawirski, "Conflict-free replicated data types", SSS 2011, and the
 * companion report's Specification 15) behaves as when its operations do not
 * overlap. The set starts empty; `read` (and `final-read`) returns its
 * elements sorted. Concurrent add and remove of one element are where the
 * OR-set departs from it (the add wins), so a replicated OR-set is judged by
 * strong eventual consistency, not against this spec in real time.
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';
import type { Operation } from '../traces/history.js';
import type { Model } from './model.js';
import { hashString, showJson } from './json-value.js';

/** The set's elements, sorted. */
export type SetState = readonly string[];

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const asList = (v: JsonValue | undefined): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? sorted(v as string[]) : undefined);

/** add e / remove e / read (and final-read, a read). */
export const setModel: Model<SetState> = {
  name: 'set',
  operations: ['add', 'remove', 'read', 'final-read'],
  init: () => [],
  step(s, input, output) {
    switch (input.f) {
      case 'add':
        return { legal: true, next: typeof input.value === 'string' ? sorted([...s, input.value]) : s };
      case 'remove':
        return { legal: true, next: s.filter((x) => x !== input.value) };
      case 'read':
      case 'final-read': {
        const seen = asList(output);
        return { legal: output === undefined || (seen !== undefined && same(seen, s)), next: s };
      }
      default:
        return { legal: false, next: s };
    }
  },
  hash: (s) => hashString(s.join('\u0000')),
  equal: same,
  isReadOnly: (input) => input.f === 'read' || input.f === 'final-read',
  validate(f, value, phase) {
    if (!['add', 'remove', 'read', 'final-read'].includes(f)) return `set operation must be add|remove|read, got "${f}"`;
    if ((f === 'add' || f === 'remove') && phase === 'invoke' && typeof value !== 'string') return `${f} value must be a string, got ${showJson(value)}`;
    return undefined;
  },
  describe: (op: Operation) => (op.f === 'read' || op.f === 'final-read' ? `${op.f} -> ${showJson(op.output)}` : `${op.f} ${showJson(op.input)}`),
  showState: (s) => JSON.stringify(s),
};
