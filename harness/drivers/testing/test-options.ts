/**
 * Test helper: driver options for short runs of example and fixture nodes
 * (small cluster, short timeouts, a fresh temporary output directory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, type TestOptions } from '../driver.js';
import { WORKLOADS } from '../workloads/index.js';

/** The repository root. */
export const REPO = resolve(fileURLToPath(import.meta.url), '../../../..');

const made: string[] = [];

/** A fresh temporary directory, removed by `removeTestDirs`. */
export function testDir(prefix = 'quorate-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Removes every directory `testDir` made (call from afterAll). */
export function removeTestDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** `node <file>` with extra arguments, for --bin. */
export function nodeBin(file: string, ...args: string[]): string[] {
  return [process.execPath, join(REPO, file), ...args];
}

/** Options for a short test of `workload` on `argv`, overridable. */
export function shortTest(workload: string, argv: readonly string[], over: Partial<TestOptions> = {}): TestOptions {
  const make = WORKLOADS[workload];
  if (make === undefined) throw new Error(`no workload ${workload}`);
  return {
    argv,
    cwd: REPO,
    workload: make(),
    nodeCount: 3,
    concurrency: 3,
    rate: 60,
    timeLimitMs: 1200,
    seed: 1,
    latency: { meanMs: 0, dist: 'constant' },
    nemesis: [],
    nemesisIntervalMs: 400,
    recoveryMs: 300,
    topology: 'grid',
    outDir: testDir(),
    initTimeoutMs: 3000,
    termGraceMs: 400,
    requestTimeoutMs: 800,
    checkTimeoutMs: 30_000,
    limits: DEFAULT_LIMITS,
    ...over,
  };
}
