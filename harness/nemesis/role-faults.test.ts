import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUBSYSTEMS } from '../subsystems/index.js';
import { raft, raft7 } from '../subsystems/raft.js';
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

describe('crash-minority and crash-majority', () => {
  const base = inputsForSeed(raft, 3, { kinds: [] });
  const at = 3_000_000;

  it('crash-minority crashes at most f servers and holds that configuration until the final heal', () => {
    const schedule = {
      healAt: base.schedule.healAt,
      events: [
        { at: 2_900_000, kind: 'partition-halves' as const, order: ['n1', 'c1', 'n2', 'c2', 'n3', 'c3', 'n4', 'c4', 'n5', 'c5', 'c6'] },
        { at, kind: 'crash-minority' as const, nodes: ['n1', 'n2'], quietUs: base.schedule.healAt - at },
        { at: 4_000_000, kind: 'isolate-one' as const, node: 'n3' },
        { at: 5_000_000, kind: 'crash-restart' as const, node: 'n4' },
        { at: 6_000_000, kind: 'restart' as const, node: 'n1' },
        { at: 7_000_000, kind: 'clock-jump' as const, node: 'n5', jumpUs: 1_000 },
      ],
    };
    const r = simulate(raft, { ...base, schedule }, { mutant: undefined, record: true });
    expect(r.verdict).toBe('pass');
    const skipped = r.trace.filter((e) => e.type === 'nemesis' && (e as { phase: string }).phase === 'skip').map((e) => (e as { f: string }).f);
    expect(skipped).toEqual(['isolate-one', 'crash-restart', 'restart']);
    expect(r.faults['clock-jump']).toBe(1);
    expect(r.trace.filter((e) => e.type === 'crash').map((e) => (e as { node: string }).node)).toEqual(['n1', 'n2']);
    expect(r.coverage['writes-under-minority-fault']).toBeGreaterThan(0);
  });

  it('crash-majority crashes f + 1 servers; generated schedules draw both kinds with the right sizes', () => {
    const events = fc.sample(scheduleArbitrary(raft7, { kinds: ['crash-minority', 'crash-majority'] }), { seed: 3, numRuns: 100 }).flatMap((s) => s.events);
    const minority = events.filter((e) => e.kind === 'crash-minority');
    const majority = events.filter((e) => e.kind === 'crash-majority');
    expect(minority.length).toBeGreaterThan(0);
    expect(majority.length).toBeGreaterThan(0);
    for (const e of minority) if (e.kind === 'crash-minority') expect(e.nodes.length).toBeLessThanOrEqual(3);
    for (const e of majority) if (e.kind === 'crash-majority') expect(e.nodes.length).toBe(4);
    const schedule = { healAt: base.schedule.healAt, events: [{ at, kind: 'crash-majority' as const, nodes: ['n1', 'n2', 'n3'] }, ...['n1', 'n2', 'n3'].map((node) => ({ at: at + 1_000_000, kind: 'restart' as const, node }))] };
    const r = simulate(raft, { ...base, schedule }, { mutant: undefined, record: false });
    expect(r.verdict).toBe('pass');
    expect(r.coverage['majority-lost']).toBe(1);
  });
});
