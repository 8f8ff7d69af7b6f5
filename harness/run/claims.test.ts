import { describe, expect, it } from 'vitest';
import { ideal } from '../subsystems/ideal.js';
import { primaryBackup } from '../subsystems/primary-backup.js';
import type { CustomHistoryCheck, RunHistory, SubsystemDescriptor } from '../subsystems/descriptor.js';
import { runSeed } from './run-seed.js';
import { shrinkSeed } from './shrink.js';
import { claimProperty } from './history-check.js';

describe('the runner checks what a subsystem claims', () => {
  it('defaults to linearizability, reported under that name', () => {
    expect(claimProperty(undefined)).toBe('linearizability');
    expect(claimProperty('linearizable')).toBe('linearizability');
    const o = runSeed(primaryBackup, 1, { mutant: 'stale-backup-read' });
    expect(o.failures.map((f) => f.property)).toEqual(['linearizability']);
  });

  it('checks a named weaker model instead of linearizability, and reports it by its name', () => {
    // A stale backup read breaks linearizability; claiming only eventual consistency without final reads is unknown, not pass.
    const weak: SubsystemDescriptor = { ...primaryBackup, claims: 'eventual' };
    const o = runSeed(weak, 1, { mutant: 'stale-backup-read' });
    expect(o.failures.map((f) => f.property)).not.toContain('linearizability');
    expect(o.verdict).toBe('unknown');
    expect(o.unknownReason).toMatch(/^eventual: /);
  });

  it("gives a subsystem's own check the records with sessions and times, fails under its name, and shrinks by it", () => {
    let seen: RunHistory | undefined;
    // Fails when some client completed three operations: a planted "bug" only this check sees.
    const three: CustomHistoryCheck = {
      name: 'at-most-two-per-client',
      description: 'no client completes a third operation',
      check(h) {
        seen = h;
        const counts = new Map<string, number>();
        for (const r of h.records) {
          if (r.status !== 'ok') continue;
          const n = (counts.get(r.client) ?? 0) + 1;
          counts.set(r.client, n);
          if (n === 3) return { verdict: 'fail', detail: `${r.client} completed a third operation at ${r.completeTime}`, horizon: r.completeTime! };
        }
        return { verdict: 'pass' };
      },
    };
    const d: SubsystemDescriptor = { ...ideal, claims: three };
    const o = runSeed(d, 1, { mutant: undefined });
    expect(o.verdict).toBe('fail');
    expect(o.failures.map((f) => [f.property, f.kind])).toEqual([['at-most-two-per-client', 'history']]);
    expect(seen?.records.length).toBeGreaterThan(3);
    expect(seen?.endTime).toBeGreaterThan(0);
    const shrunk = shrinkSeed(d, 1, 'at-most-two-per-client', { mutant: undefined });
    expect(shrunk).toBeDefined();
    const total = shrunk!.inputs.workload.reduce((n, ops) => n + ops.length, 0);
    expect(total).toBe(3);
  });

  it('is unknown, never pass, when the own check cannot decide', () => {
    const undecided: CustomHistoryCheck = { name: 'undecided', description: '', check: () => ({ verdict: 'unknown', reason: 'no times recorded' }) };
    const o = runSeed({ ...ideal, claims: undecided }, 1, { mutant: undefined });
    expect([o.verdict, o.unknownReason]).toEqual(['unknown', 'no times recorded']);
  });
});
