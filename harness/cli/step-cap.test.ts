/**
 * `quorate run` on a descriptor whose runs hit their step cap: the seeds are
 * `unknown` with the reason, and the run exits 3 (inconclusive), not 0.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { primaryBackup } from '../subsystems/primary-backup.js';
import { runCommand } from './run-command.js';

const capped: SubsystemDescriptor = { ...primaryBackup, name: 'capped', bounds: { ...primaryBackup.bounds, maxSteps: 100 } };

describe('a run stopped by its step cap', () => {
  it('is unknown with the reason, and quorate run exits 3', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (b: Buffer) => { out += b.toString(); });
    const code = await runCommand({ workers: '0', subsystem: 'capped', seeds: '2', json: true }, [capped], { stdout, stderr: new PassThrough() });
    const seeds = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => o.type === 'seed');
    expect(seeds.map((o) => o.verdict)).toEqual(['unknown', 'unknown']);
    for (const o of seeds) expect(o.unknownReason).toMatch(/^stopped at step cap 100 at virtual time \d+\.\d{3} ms of 1500\.000 ms$/);
    expect(code).toBe(3);
    const text = new PassThrough();
    let printed = '';
    text.on('data', (b: Buffer) => { printed += b.toString(); });
    expect(await runCommand({ workers: '0', subsystem: 'capped', seeds: '1' }, [capped], { stdout: text, stderr: new PassThrough() })).toBe(3);
    expect(printed).toMatch(/^UNKNOWN capped seed 1: stopped at step cap 100 at virtual time/m);
  }, 30_000);
});
