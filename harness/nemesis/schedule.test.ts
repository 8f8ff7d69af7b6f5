import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ideal } from '../subsystems/ideal.js';
import { FAULT_KINDS, type FaultKind } from './fault-kinds.js';
import { healTime, scheduleArbitrary } from './schedule-arbitrary.js';
import { inputsForSeed } from '../run/inputs.js';
import { simulate } from '../run/simulate.js';

describe('fault schedules', () => {
  it('are sorted, end before the final heal, and use only the allowed kinds', () => {
    const kinds: FaultKind[] = ['isolate-one', 'clock-jump'];
    fc.assert(
      fc.property(scheduleArbitrary(ideal, { kinds }), (s) => {
        expect(s.healAt).toBe(healTime(ideal));
        for (let i = 1; i < s.events.length; i++) expect(s.events[i]!.at).toBeGreaterThanOrEqual(s.events[i - 1]!.at);
        for (const e of s.events) {
          expect(e.at).toBeLessThan(s.healAt);
          expect([...kinds, 'heal', 'restart']).toContain(e.kind);
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('a forced kind is always present', () => {
    const [s] = fc.sample(scheduleArbitrary(ideal, { kinds: [], force: 'one-way' }), { seed: 3, numRuns: 1 });
    expect(s?.events.some((e) => e.kind === 'one-way')).toBe(true);
  });

  it.each(FAULT_KINDS.map((k) => k.kind))('every applied %s appears exactly once in the recorded trace', (kind) => {
    const world = { partition: 'partition', 'partition-halves': 'partition', bridge: 'partition', 'majorities-ring': 'partition', 'isolate-one': 'partition',
      'isolate-role': 'partition', 'one-way': 'partition', 'crash-restart': 'crash', 'kill-disk-loss': 'crash', 'crash-client': 'crash', 'crash-majority': 'crash', 'crash-minority': 'crash',
      'clock-drift': 'clock', 'clock-jump': 'clock',
      'loss-burst': 'net', 'dup-burst': 'net' } as const;
    for (let seed = 1; seed <= 5; seed++) {
      const inputs = inputsForSeed(ideal, seed, { kinds: [kind], force: kind });
      const r = simulate(ideal, inputs, { mutant: undefined, record: true });
      const applied = r.faults[kind] ?? 0;
      const skipped = r.trace.filter((e) => e.type === 'nemesis' && e.f === kind).length;
      expect(applied + skipped).toBe(inputs.schedule.events.filter((e) => e.kind === kind && e.at <= r.timeUs).length);
      const type = world[kind];
      const recorded = r.trace.filter((e) => e.type === type && (type !== 'crash' || (e as { diskLoss?: boolean }).diskLoss === (kind === 'kill-disk-loss'))).length;
      // Partitions and crashes are recorded once per application (ideal's one server: a crash-majority crashes it, a
      // crash-minority of f = 0 servers only holds the configuration); clock and net events also mark the final heal's resets and burst ends.
      if (kind === 'crash-minority') expect(recorded).toBe(0);
      else if (type === 'partition' || type === 'crash') expect(recorded).toBe(applied);
      else expect(recorded).toBeGreaterThanOrEqual(applied);
    }
  });
});
