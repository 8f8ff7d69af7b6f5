import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTest } from './driver.js';
import { formatDiagnostic } from './diagnostics.js';
import { nodeBin, removeTestDirs, shortTest, testDir } from './testing/test-options.js';

afterAll(removeTestDirs);

const fixture = (mode: string) => nodeBin('harness/drivers/fixtures/misbehave.mjs', mode);
const run = (mode: string, over: Parameters<typeof shortTest>[2] = {}) => runTest(shortTest('echo', fixture(mode), over));

/** Whether a process id is gone (reaped). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('driver robustness: a node that does not speak the protocol is exit 2, with the node, line and expected shape', () => {
  it('dies at start: names the node, the exit code and the tail of its stderr', async () => {
    const r = await run('die');
    expect(r.exit).toBe(2);
    const d = r.diagnostics.find((x) => x.kind === 'protocol');
    expect(d?.message).toMatch(/exited with code 3 before answering init/);
    expect(d?.stderrTail).toContain('fatal: cannot open config.toml');
    expect(formatDiagnostic(d!)).toMatch(/^n\d: .*expected .*init_ok/);
  });

  it('never answers init: times out naming the node and the init_ok it expected', async () => {
    const r = await run('silent', { initTimeoutMs: 500 });
    expect(r.exit).toBe(2);
    expect(r.reason).toMatch(/^n\d: did not answer init within 500 ms/);
    expect(r.diagnostics[0]?.expected).toMatch(/"type":"init_ok","in_reply_to":1/);
  });

  it('prints non-JSON: the node and its stdout line', async () => {
    const r = await run('non-json');
    expect(r.exit).toBe(2);
    const d = r.diagnostics.find((x) => x.kind === 'protocol');
    expect(d).toMatchObject({ line: 1, message: 'not JSON: hello from a node that prints' });
    expect(d?.expected).toMatch(/"src":"<its node id>"/);
  });

  it('writes a wrong envelope or answers init with another type', async () => {
    const a = await run('wrong-src');
    expect(a.exit).toBe(2);
    expect(a.reason).toMatch(/"src" must be its own id "n\d", got "n9"/);
    const b = await run('wrong-type');
    expect(b.exit).toBe(2);
    expect(b.reason).toMatch(/answered init with type "hello_ok"/);
  });
});

describe('driver robustness: misbehaviour that is survived, warned about, or a finding', () => {
  it('replies to an unknown msg_id: a warning with the node and line, the run still passes', async () => {
    const r = await run('unknown-reply');
    expect(r.exit).toBe(0);
    const d = r.diagnostics.find((x) => x.kind === 'warning');
    expect(d?.message).toMatch(/in_reply_to 424242, a msg_id c\d+ never sent/);
    expect(d?.line).toBeGreaterThan(1);
  });

  it('floods its output: reading is throttled, the node is named, the run ends on time', async () => {
    const t0 = Date.now();
    const r = await run('flood', { limits: { ...shortTest('echo', []).limits, maxInFlight: 2000, floodPerSecond: 5000 } });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.diagnostics.some((d) => d.kind === 'warning' && d.node === 'n0' && /flooding|filled the network/.test(d.message))).toBe(true);
    expect(r.stats.counts['echo']?.ok).toBeGreaterThan(0);
    expect([0, 3]).toContain(r.exit);
  });

  it('writes megabytes to stderr: the log is capped, the tail kept, the node named', async () => {
    const r = await run('stderr-flood', { limits: { ...shortTest('echo', []).limits, stderrFileBytes: 1 << 20 } });
    expect(r.exit).toBe(0);
    expect(r.diagnostics.some((d) => d.kind === 'warning' && /wrote more than 1048576 bytes to stderr/.test(d.message))).toBe(true);
    expect(statSync(join(r.files.dir, 'n0.stderr.log')).size).toBeLessThan((1 << 20) + 200);
  });

  it('ignores SIGTERM at shutdown: killed after the grace period, named in a warning', async () => {
    const r = await run('ignore-term');
    expect(r.exit).toBe(0);
    const ignored = r.diagnostics.filter((d) => /ignored SIGTERM/.test(d.message)).map((d) => d.node).sort();
    expect(ignored).toEqual(['n0', 'n1', 'n2']);
  });

  it('crashes on its own mid-run: a finding (exit 1) with the tail of its stderr', async () => {
    const r = await run('crash', { timeLimitMs: 3000 });
    expect(r.exit).toBe(1);
    const d = r.diagnostics.find((x) => x.kind === 'finding');
    expect(d?.node).toBe('n1');
    expect(d?.message).toMatch(/crashed on its own: exited with code 7/);
    expect(d?.stderrTail).toContain('panic: index out of range');
    expect(readFileSync(r.files.history, 'utf8').length).toBeGreaterThan(0);
  });

  it('reaps every node when the test is interrupted, and writes what ran', async () => {
    const pidDir = testDir('quorate-pids-');
    process.env['QUORATE_PID_DIR'] = pidDir;
    const stop = new AbortController();
    const opts = shortTest('echo', fixture('ignore-term+pidfile'), { timeLimitMs: 30_000, signal: stop.signal });
    setTimeout(() => stop.abort(), 1000);
    const t0 = Date.now();
    const r = await runTest(opts);
    delete process.env['QUORATE_PID_DIR'];
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.interrupted).toBe(true);
    expect(r.exit).toBe(3);
    expect(r.reason).toMatch(/^interrupted/);
    expect(r.stats.operations).toBeGreaterThan(0);
    expect(readFileSync(r.files.history, 'utf8').trim().split('\n').length).toBeGreaterThan(0);
    const pids = readdirSync(pidDir).map(Number);
    expect(pids).toHaveLength(3);
    for (const pid of pids) expect(gone(pid)).toBe(true);
  });

  it('a node that fails to come back after a kill is a finding (exit 1), not bad input', async () => {
    const lockDir = testDir('quorate-lock-');
    process.env['QUORATE_LOCK_DIR'] = lockDir;
    const r = await runTest(shortTest('echo', fixture('lockfile'), { nodeCount: 1, concurrency: 1, nemesis: ['kill'], timeLimitMs: 1500 }));
    delete process.env['QUORATE_LOCK_DIR'];
    expect(r.exit).toBe(1);
    const d = r.diagnostics.find((x) => x.kind === 'finding');
    expect(d?.message).toMatch(/exited with code 4 before answering init after a restart/);
    expect(d?.stderrTail).toMatch(/lock .* is held/);
  });

  it("each test starts the nodes' stderr logs afresh in a reused --out directory", async () => {
    const first = await run('hello', { nodeCount: 1, concurrency: 1, timeLimitMs: 300 });
    await run('hello', { nodeCount: 1, concurrency: 1, timeLimitMs: 300, outDir: first.files.dir });
    expect(readFileSync(join(first.files.dir, 'n0.stderr.log'), 'utf8')).toBe('hello from n0\n');
  });

  it('a run in which no operation completed ok is unknown (exit 3), not a pass', async () => {
    const r = await runTest(shortTest('echo', nodeBin('examples/js/echo.mjs'), { rate: 0, timeLimitMs: 200 }));
    expect(r.exit).toBe(3);
    expect(r.reason).toMatch(/no operation completed ok/);
  });

  it('a test interrupted before any operation says it was interrupted (exit 3)', async () => {
    const stop = new AbortController();
    stop.abort();
    const r = await runTest(shortTest('echo', nodeBin('examples/js/echo.mjs'), { signal: stop.signal }));
    expect(r.exit).toBe(3);
    expect(r.reason).toMatch(/^interrupted after 0 operations completed ok/);
  });
});
