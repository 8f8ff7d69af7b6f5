import { describe, expect, it } from 'vitest';
import { ideal } from '../subsystems/ideal.js';
import { primaryBackup } from '../subsystems/primary-backup.js';
import { raft } from '../subsystems/raft.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { inputsForSeed } from './inputs.js';
import { runSeed } from './run-seed.js';
import { simulate } from './simulate.js';

const capped = (d: SubsystemDescriptor, maxSteps: number): SubsystemDescriptor => ({ ...d, bounds: { ...d.bounds, maxSteps } });

describe('simulate: a run that did not finish is not a pass', () => {
  it('is unknown when the step cap stops it before its virtual time', () => {
    const o = runSeed(capped(raft, 500), 1, { mutant: undefined });
    expect(o.verdict).toBe('unknown');
    // The cap counts the steps of `run`; the nodes' start steps and requests a callback invokes come on top.
    expect(o.steps).toBeGreaterThanOrEqual(500);
    expect(o.timeUs).toBeLessThan(raft.bounds.timeUs);
    expect(o.failures).toEqual([]);
    expect(o.unknownReason).toMatch(/^stopped at step cap 500 at virtual time \d+\.\d{3} ms of 16000\.000 ms/);
  });

  it('stays fail when a violation was found before the cap', () => {
    // ideal/no-dedup seed 2 fails refinement at step 14.
    const first = runSeed(ideal, 2, { mutant: 'no-dedup' });
    expect(first.failures.map((f) => [f.property, f.step])).toEqual([['refinement', 14]]);
    const atCap = runSeed(capped(ideal, 14), 2, { mutant: 'no-dedup' });
    expect([atCap.verdict, atCap.unknownReason]).toEqual(['fail', undefined]);
    // Recording every failure, the run goes on past the violation into the cap: still fail.
    const onwards = runSeed(capped(ideal, 20), 2, { mutant: 'no-dedup', allFailures: true });
    expect(onwards.steps).toBeLessThan(runSeed(ideal, 2, { mutant: 'no-dedup', allFailures: true }).steps);
    expect([onwards.verdict, onwards.unknownReason]).toEqual(['fail', undefined]);
  });

  it('fails on what the checks after the run see before the cap, and is unknown when the cap came first', () => {
    // primary-backup/stale-backup-read seed 1: only linearizability sees it, its witness ends at 98.2 ms (~step 420).
    const full = runSeed(primaryBackup, 1, { mutant: 'stale-backup-read' });
    expect(full.failures.map((f) => f.property)).toEqual(['linearizability']);
    const after = runSeed(capped(primaryBackup, 500), 1, { mutant: 'stale-backup-read' });
    expect(after.steps).toBeLessThan(full.steps);
    expect([after.verdict, after.failures[0]?.property, after.unknownReason]).toEqual(['fail', 'linearizability', undefined]);
    const before = runSeed(capped(primaryBackup, 400), 1, { mutant: 'stale-backup-read' });
    expect(before.verdict).toBe('unknown');
    expect(before.unknownReason).toMatch(/^stopped at step cap 400 at virtual time/);
  });

  it('is unknown when a refinement step runs out of its search limit, and names the step', () => {
    const inputs = inputsForSeed(primaryBackup, 1);
    expect(simulate(primaryBackup, inputs, { mutant: undefined, record: false }).verdict).toBe('pass');
    const r = simulate(primaryBackup, inputs, { mutant: undefined, record: false, refinementSearchLimit: 0 });
    expect(r.verdict).toBe('unknown');
    expect(r.unknownReason).toMatch(/^refinement undecided at step \d+ at \d+\.\d{3} ms on n\d: the abstract state changed from .* hit its limit of 0 nodes; refinement was not checked after that step$/);
  });
});

describe('simulate with allFailures', () => {
  it('records each failing property once and runs to the end instead of halting at the first failure', () => {
    const inputs = inputsForSeed(primaryBackup, 1);
    const first = simulate(primaryBackup, inputs, { mutant: 'early-ack', record: false });
    const all = simulate(primaryBackup, inputs, { mutant: 'early-ack', record: false, allFailures: true });
    expect(first.failures).toHaveLength(1);
    expect(all.failures[0]).toEqual(first.failures[0]);
    expect(all.steps).toBeGreaterThan(first.steps);
    const names = all.failures.map((f) => f.property);
    expect(new Set(names).size).toBe(names.length);
    expect(all.verdict).toBe('fail');
  });

  it('passes a correct seed exactly as the default mode does', () => {
    const inputs = inputsForSeed(primaryBackup, 3);
    const a = simulate(primaryBackup, inputs, { mutant: undefined, record: false });
    const b = simulate(primaryBackup, inputs, { mutant: undefined, record: false, allFailures: true });
    expect([b.verdict, b.steps]).toEqual([a.verdict, a.steps]);
  });
});
