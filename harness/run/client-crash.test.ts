import { describe, expect, it } from 'vitest';
import { ideal } from '../subsystems/ideal.js';
import { afsCallbacks } from '../subsystems/afs.js';
import { inputsForSeed } from './inputs.js';
import { simulate } from './simulate.js';

describe('crash-client: a client crash in the middle of a workload', () => {
  it('ends its open request as info, holds the slot while it is down, resumes it in a new session, and never ends the run with a client down', () => {
    let seen = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const inputs = inputsForSeed(ideal, seed, { kinds: ['crash-client'], force: 'crash-client' });
      const r = simulate(ideal, inputs, { mutant: undefined, record: true });
      expect(r.verdict).toBe('pass');
      const crashes = r.trace.filter((e) => e.type === 'crash');
      const restarts = r.trace.filter((e) => e.type === 'restart');
      // Every crashed client was restarted before the run ended.
      expect(restarts.length).toBe(crashes.length);
      for (const c of crashes) {
        const { node, time } = c as { node: string; time: number };
        const mine = r.records.filter((x) => x.client === node);
        const restartAt = (restarts.find((e) => (e as { node: string }).node === node && (e as { time: number }).time >= time) as { time: number }).time;
        // Nothing invoked on the client while it was down.
        expect(mine.filter((x) => x.invokeTime > time && x.invokeTime < restartAt)).toEqual([]);
        // A request open at the crash ended info, at the crash.
        const cut = mine.filter((x) => x.invokeTime <= time && (x.completeTime === undefined || x.completeTime >= time));
        for (const x of cut) expect([x.status, x.completeTime]).toEqual(['info', time]);
        // What came after the restart runs in a new session of that client.
        const before = new Set(mine.filter((x) => x.invokeTime <= time).map((x) => x.session));
        const after = mine.filter((x) => x.invokeTime >= restartAt);
        for (const x of after) expect(before.has(x.session)).toBe(false);
        if (cut.length > 0 && after.length > 0) seen++;
      }
      // Trace op events carry the same sessions as the records.
      const sessions = new Set(r.trace.filter((e) => e.type === 'invoke').map((e) => (e as { session?: string }).session));
      expect(sessions).toEqual(new Set(r.records.map((x) => x.session)));
    }
    // The seeds do reach the interesting case: a request cut by a crash, and more requests after the restart.
    expect(seen).toBeGreaterThan(3);
  });

  it('is part of the AFS fault mix', () => {
    expect(afsCallbacks.faults).toContain('crash-client');
  });
});
