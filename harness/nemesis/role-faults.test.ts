import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUBSYSTEMS } from '../subsystems/index.js';
import { raft } from '../subsystems/raft.js';
import { inputsForSeed } from '../run/inputs.js';
import { simulate } from '../run/simulate.js';
import { scheduleArbitrary } from './schedule-arbitrary.js';

const EXTENSION_FIELDS = ['scope', 'skew', 'churn', 'churnDelayUs', 'holdUs', 'othersDrift'];

describe('role faults: servers-only cuts, skew, hold and churn', () => {
  it('leave the schedules of descriptors that set none of their options without their fields', () => {
    for (const d of SUBSYSTEMS.filter((x) => Object.keys(x.nemesis ?? {}).every((k) => !['isolateRoleFromServers', 'skewOthers', 'roleChurn', 'isolateRoleHoldUs'].includes(k)))) {
      for (const s of fc.sample(scheduleArbitrary(d), { seed: 11, numRuns: 100 })) {
        for (const e of s.events) for (const f of EXTENSION_FIELDS) expect(e).not.toHaveProperty(f);
      }
    }
  });

  it('raft draws role cuts from the servers only, with skew and hold, and churns', () => {
    const events = fc.sample(scheduleArbitrary(raft, { kinds: ['isolate-role'] }), { seed: 5, numRuns: 200 }).flatMap((s) => s.events);
    expect(events.some((e) => e.kind === 'isolate-role' && e.scope === 'servers' && e.skew === raft.clock.maxDrift && e.holdUs !== undefined)).toBe(true);
    expect(events.some((e) => e.kind === 'isolate-role' && e.churn !== undefined && e.churn >= 3)).toBe(true);
    expect(events.some((e) => e.kind === 'isolate-role' && e.scope === undefined)).toBe(true);
  });

  it('a churn cuts off each new leader in turn, the previous one bridging the rest', () => {
    const base = inputsForSeed(raft, 1, { kinds: [] });
    const schedule = { events: [{ at: 2_500_000, kind: 'isolate-role' as const, role: 'leader', scope: 'servers' as const, churn: 3, churnDelayUs: 5_000 }], healAt: base.schedule.healAt };
    const r = simulate(raft, { ...base, schedule }, { mutant: undefined, record: true });
    expect(r.verdict).toBe('pass');
    const cuts = r.trace.filter((e) => e.type === 'partition').map((e) => (e as { shape: string }).shape);
    expect(cuts.length).toBe(4);
    expect(cuts.slice(1).every((c) => /churn\(bridge n\d\)$/.test(c))).toBe(true);
  });
});
