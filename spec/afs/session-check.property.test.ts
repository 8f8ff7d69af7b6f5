/**
 * The session check against executions of the single-copy file service
 * itself: random sessions of a few clients on a few files, each operation
 * applied atomically at its own instant (Δ = 0). Every such history passes;
 * making one open return the version before the one it saw, when that was
 * superseded earlier than Δ before the open, makes it fail.
 */
import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { checkSessionSemantics, type FileOp, type Publication } from './session-check.js';
import { sessionContent } from './file-service.js';

interface Step { readonly client: number; readonly file: string; readonly writes: number }

/** Runs `steps` (each a whole session, sessions of different clients interleaved op by op) on a single copy. */
function execute(steps: readonly Step[]): { ops: FileOp[]; pubs: Publication[] } {
  const files = new Map<string, { v: number; data: string }>();
  const ops: FileOp[] = [];
  const pubs: Publication[] = [];
  let t = 0;
  let n = 0;
  steps.forEach((s, i) => {
    const c = `c${s.client}`;
    const f = files.get(s.file) ?? { v: 0, data: '' };
    const at = (t += 10);
    ops.push({ id: `r${n++}`, session: c, f: 'open', key: s.file, input: null, output: { v: f.v, data: f.data }, status: 'ok', invokeTime: at, completeTime: at + 1 });
    const tokens: string[] = [];
    for (let w = 0; w < s.writes; w++) {
      const tok = `${c}.${i}.${w}`;
      tokens.push(tok);
      ops.push({ id: `r${n++}`, session: c, f: 'write', key: s.file, input: tok, output: tok, status: 'ok', invokeTime: (t += 1), completeTime: t });
      ops.push({ id: `r${n++}`, session: c, f: 'read', key: s.file, input: null, output: sessionContent(tokens), status: 'ok', invokeTime: (t += 1), completeTime: t });
    }
    const close: FileOp = { id: `r${n++}`, session: c, f: 'close', key: s.file, input: tokens, output: { v: tokens.length > 0 ? f.v + 1 : null }, status: 'ok', invokeTime: (t += 1), completeTime: t + 2 };
    ops.push(close);
    if (tokens.length > 0) {
      const next = { v: f.v + 1, data: sessionContent(tokens) };
      files.set(s.file, next);
      pubs.push({ key: s.file, ...next, req: close.id, at: t + 1 });
    }
    t += 2;
  });
  return { ops, pubs };
}

const steps = fc.array(fc.record({ client: fc.integer({ min: 1, max: 3 }), file: fc.constantFrom('a', 'b'), writes: fc.integer({ min: 0, max: 2 }) }), { maxLength: 12 });

describe('session check on executions of the single copy', () => {
  it('passes every execution with Δ = 0', () => {
    fc.assert(
      fc.property(steps, (s) => {
        const { ops, pubs } = execute(s);
        expect(checkSessionSemantics(ops, pubs, 0)).toEqual({ verdict: 'pass' });
      }),
      { numRuns: 500 },
    );
  });

  it('fails when an open returns a version superseded more than Δ before it, and only then', () => {
    fc.assert(
      fc.property(steps, fc.nat(), fc.integer({ min: 0, max: 30 }), (s, pick, delta) => {
        const { ops, pubs } = execute(s);
        const opens = ops.map((o, i) => [o, i] as const).filter(([o]) => o.f === 'open' && (o.output as { v: number }).v > 0);
        fc.pre(opens.length > 0);
        const [o, i] = opens[pick % opens.length] as readonly [FileOp, number];
        const v = (o.output as { v: number }).v;
        const older = v === 1 ? { v: 0, data: '' } : pubs.find((p) => p.key === o.key && p.v === v - 1) as Publication;
        const supersededAt = (pubs.find((p) => p.key === o.key && p.v === v) as Publication).at;
        const stale = ops.map((x, j) => (j === i ? { ...x, output: { v: older.v, data: older.data } } : x));
        // The session's reads follow its writes, so they do not depend on the version it opened.
        const r = checkSessionSemantics(stale, pubs, delta);
        expect(r.verdict).toBe(supersededAt <= (o.invokeTime as number) - delta ? 'fail' : 'pass');
      }),
      { numRuns: 500 },
    );
  });
});
