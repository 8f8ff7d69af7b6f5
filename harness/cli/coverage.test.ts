import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../traces/errors.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { ideal } from '../subsystems/ideal.js';
import { judgeCoverage } from '../run/coverage-policy.js';
import { runCommand } from './run-command.js';
import type { RawRunOptions } from './run-options.js';

const twin: SubsystemDescriptor = { ...ideal, name: 'twin' };

async function run(raw: RawRunOptions, registry: readonly SubsystemDescriptor[] = [ideal]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (b: Buffer) => { out += b.toString(); });
  const code = await runCommand({ workers: '0', ...raw }, registry, { stdout, stderr: new PassThrough() });
  return { code, out };
}

describe('coverage gaps', () => {
  // ideal's gave-up never happens in its first 20 seeds.
  it('a short run warns about a gap and passes (exit 0)', async () => {
    const r = await run({ subsystem: 'ideal', seeds: '20' });
    expect(r.out).toMatch(/COVERAGE GAP ideal\/gave-up: never happened in 20 seeds of ideal \(a warning: fewer than 1000 seeds/);
    expect(r.out).toMatch(/^PASSED: 20 seeds/m);
    expect(r.code).toBe(0);
  }, 30_000);

  it('--coverage fail makes the same gap fail the run; --json says so', async () => {
    const r = await run({ subsystem: 'ideal', seeds: '20', coverage: 'fail', json: true });
    const summary = JSON.parse(r.out.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(summary).toMatchObject({ type: 'summary', coverageGaps: ['ideal/gave-up'], coverageFails: true, exit: 1 });
    expect(r.code).toBe(1);
  }, 30_000);

  it("a gap counts its own subsystem's seeds, not the total", async () => {
    const r = await run({ seeds: '10' }, [ideal, twin]);
    expect(r.out).toMatch(/COVERAGE GAP twin\/gave-up: never happened in 10 seeds of twin/);
    expect(r.out).not.toMatch(/in 20 seeds/);
  }, 30_000);

  it('the rule: gaps fail from the default seed count, unsharded, without a mutant; --coverage overrides', () => {
    const base = { mode: 'auto', seeds: 1000, sharded: false, mutant: false } as const;
    expect(judgeCoverage(base).fails).toBe(true);
    expect(judgeCoverage({ ...base, seeds: 999 }).fails).toBe(false);
    expect(judgeCoverage({ ...base, sharded: true }).fails).toBe(false);
    expect(judgeCoverage({ ...base, mutant: true }).fails).toBe(false);
    expect(judgeCoverage({ ...base, seeds: 20, mode: 'fail' }).fails).toBe(true);
    expect(judgeCoverage({ ...base, mode: 'warn' }).fails).toBe(false);
  });

  it('--coverage takes fail or warn', async () => {
    await expect(run({ subsystem: 'ideal', seeds: '1', coverage: 'maybe' })).rejects.toThrow(UsageError);
    await expect(run({ subsystem: 'ideal', seeds: '1', coverage: 'maybe' })).rejects.toThrow(/--coverage must be fail or warn, got "maybe"/);
  });
});
