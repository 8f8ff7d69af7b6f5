/**
 * Random single-operation mutations of a history, so that a stream of
 * linearizable-by-construction histories also yields non-linearizable ones
 * (not every mutation breaks linearizability; the reference checker decides).
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { JsonValue } from '../traces/schema/trace-v1.js';
import type { Operation } from '../traces/history.js';
import { jsonEqual } from '../spec/json-value.js';

/** A copy of `ops` with one operation's observed or written value changed (unchanged when `ops` is empty). */
export function mutateHistory(ops: readonly Operation[], rng: RandomGenerator): Operation[] {
  const out = ops.slice();
  if (ops.length === 0) return out;
  const i = uniformInt(rng, 0, ops.length - 1);
  const op = ops[i]!;
  const pick = <T>(xs: readonly T[]): T => xs[uniformInt(rng, 0, xs.length - 1)]!;
  const other = <T extends JsonValue>(current: JsonValue | undefined, candidates: readonly T[]): T => {
    const rest = candidates.filter((c) => !jsonEqual(c, current));
    return pick(rest.length > 0 ? rest : candidates);
  };
  const ints = [0, 1, 2, 3, 4];
  const written = ops.filter((o) => typeof o.input === 'string').map((o) => o.input as string);
  switch (op.f) {
    case 'get': {
      if (op.status !== 'ok') return mutateWrite();
      const cur = typeof op.output === 'string' ? op.output : '';
      const candidates = ['', ...written, cur.slice(0, Math.max(0, cur.length - 7)), `${cur}x 9 9 y`];
      out[i] = { ...op, output: other(op.output, candidates) };
      return out;
    }
    case 'read':
      if (op.status !== 'ok') return mutateWrite();
      out[i] = { ...op, output: other(op.output, [null, ...ints]) };
      return out;
    default:
      return mutateWrite();
  }

  function mutateWrite(): Operation[] {
    let input: JsonValue;
    if (op.f === 'cas') input = [pick(ints), pick(ints)];
    else if (op.f === 'write') input = other(op.input, ints);
    else if (op.f === 'read' || op.f === 'get') return out; // an indeterminate read cannot be wrong
    else input = `x 9 ${uniformInt(rng, 0, 99)} y`;
    out[i] = { ...op, input, output: op.status === 'ok' ? input : undefined };
    return out;
  }
}
