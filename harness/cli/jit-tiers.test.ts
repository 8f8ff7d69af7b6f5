/**
 * The hold on V8's optimizing compiler (jit-tiers.ts): when it starts and ends. The flag changes
 * are observed, not made (the test process keeps its flags); bundle.test.ts runs the real thing
 * in `quorate check` processes.
 */
import { spawnSync } from 'node:child_process';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as loaded from './jit-tiers.js';

/** The module afresh: the hold starts once per process, so each test loads its own copy. */
async function fresh(): Promise<typeof loaded> {
  vi.resetModules();
  return import('./jit-tiers.js');
}

// The flags of V8 11.3 (Node 20), the engine the hold is for: 8 times its default budget, then the default.
const HOLD = '--interrupt-budget=540672';
const END = '--interrupt-budget=67584';

/** Whether the V8 running here is one the hold knows the default budget of (jit-tiers.ts). */
const KNOWN_V8 = process.versions.v8.startsWith('11.3.');

it('knows the default budget of Node 20\'s V8 only, so holds nothing under another', () => {
  expect(loaded.defaultBudget('11.3.244.8-node.38')).toBe(67_584);
  expect(loaded.defaultBudget('12.4.254.21-node.33')).toBeUndefined();
  expect(loaded.defaultBudget('11.30.1')).toBeUndefined();
});

describe.runIf(KNOWN_V8)('the hold on V8\'s optimizing compiler', () => {
  it('goes back to the default interrupt budget of the V8 running here', () => {
    const tiers = loaded;
    const listed = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    const dflt = /--interrupt-budget \(.*\)\n\s+type: int\s+default: --interrupt-budget=(\d+)/.exec(listed);
    expect(dflt).not.toBeNull();
    expect(`--interrupt-budget=${dflt![1]}`).toBe(END);
    expect(tiers.BUDGET_FACTOR * Number(dflt![1])).toBe(540_672);
  });

  let set: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'hrtime'] });
    set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
  });
  afterEach(() => {
    set.mockRestore();
    vi.useRealTimers();
  });

  it('ends at a poll once it has lasted HOLD_MS, not before', async () => {
    const tiers = await fresh();
    tiers.hold();
    expect(tiers.held()).toBe(true);
    tiers.poll();
    expect(tiers.held()).toBe(true);
    tiers.hold(); // a second hold while one is on changes nothing
    expect(set.mock.calls).toEqual([[HOLD]]);
    vi.advanceTimersByTime(tiers.HOLD_MS - 1);
    tiers.poll();
    expect(tiers.held()).toBe(true);
    vi.advanceTimersByTime(2); // the timer fires at HOLD_MS
    expect(tiers.held()).toBe(false);
    expect(set.mock.calls).toEqual([[HOLD], [END]]);
    tiers.release(); // ending it again changes nothing
    tiers.hold(); // nor does starting it again: it is for the start of the run
    expect(tiers.held()).toBe(false);
    expect(set).toHaveBeenCalledTimes(2);
  });

  it('ends at a poll after HOLD_MS when the timer could not run (a synchronous stretch)', async () => {
    const tiers = await fresh();
    tiers.hold();
    // The clock moves on while the timer waits for the event loop: only hrtime is advanced.
    const start = process.hrtime.bigint();
    vi.spyOn(process.hrtime, 'bigint').mockReturnValue(start + BigInt(tiers.HOLD_MS + 1) * 1_000_000n);
    tiers.poll();
    expect(tiers.held()).toBe(false);
    expect(set.mock.calls).toEqual([[HOLD], [END]]);
    vi.mocked(process.hrtime.bigint).mockRestore();
  });

  it('is for files of 64 KB to 1 MB only', () => {
    const tiers = loaded;
    const { least, most } = tiers.HOLD_FILE_BYTES;
    expect([least - 1, least, most, most + 1].map(tiers.gainsFromHold)).toEqual([false, true, true, false]);
    expect(tiers.gainsFromHold(0)).toBe(false);
  });
});
