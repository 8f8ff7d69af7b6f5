// The bench machinery only: formatting, the registry, argument parsing, the
// manifest reader and the inputs the groups generate. Nothing here is timed.
import { describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { GroupResult } from './bench-group.js';
import { parseBenchArgs } from './bench-args.js';
import { COLUMNS, formatTable, ratioOf, rowCells, targetStatus } from './format-table.js';
import { GROUPS, findGroup } from './groups/index.js';
import { referenceCases } from './groups/vs-reference.js';
import { parseRunSummary, seedsPerSecondPerCore, type RunSummaryLine } from './groups/run-suite.js';
import { parseManifest } from './porcupine-corpus.js';
import { parseAnchorTable } from './anchor.js';
import { benchRounds, canMeasureRss, interleave, median, timeProcess } from './process-timing.js';
import { SHORT_PROCESS_ROUNDS } from './process-group.js';
import { parseArgs as parseCompareArgs } from './compare-builds.js';
import { mutateHistory } from './mutate-history.js';
import { generateHistory } from '../harness/workload/gen-history.js';

const MB = 1024 * 1024;
const etcd: GroupResult = {
  group: 'etcd', files: 102, ops: 8450, checkMs: 228.4, peakRssBytes: 120 * MB, memoPeakBytes: 2 * MB,
  anchorMs: 570, anchorKind: 'porcupine', verdicts: { matched: 102, total: 102, mismatches: [] },
};

describe('format-table', () => {
  it('renders one aligned row per group with ratio and verdict columns', () => {
    const text = formatTable([etcd, { group: 'kv', skipped: 'corpus folder not found' }]);
    const lines = text.split('\n');
    expect(lines[0]).toContain('| group');
    for (const c of COLUMNS) expect(lines[0]).toContain(c);
    expect(new Set(lines.slice(0, 4).map((l) => l.length)).size).toBe(1);
    expect(lines[2]).toMatch(/\| etcd .*\| +228 \| +\|.*\| +570 \| +\| +0\.40 \| 102\/102 match +\| met/);
    expect(lines[3]).toContain('skipped');
    expect(text).toContain('kv: skipped: corpus folder not found');
  });

  it('flags verdict mismatches and missed targets', () => {
    const bad: GroupResult = {
      group: 'c50-bad', files: 1, checkMs: 2500, peakRssBytes: 1500 * MB, anchorMs: 2000, anchorKind: 'target', targetPeakMB: 1024,
      verdicts: { matched: 0, total: 1, mismatches: ['kv/c50-bad.txt: expected violation, got unknown (timeout)'] },
    };
    expect(rowCells(bad)).toContain('0/1 MISMATCH');
    expect(rowCells(bad)).toContain('2000 (target)');
    expect(targetStatus(bad)).toBe('MISSED (time, memory)');
    expect(formatTable([bad])).toContain('c50-bad: verdict mismatch: kv/c50-bad.txt');
  });

  it('has no ratio or target without an anchor, and no time target for an in-run reference', () => {
    const gen: GroupResult = { group: 'gen-1m-info', files: 1, checkMs: 5000 };
    expect(ratioOf(gen)).toBeUndefined();
    expect(rowCells(gen)[COLUMNS.indexOf('anchor ms')]).toBe('-');
    expect(targetStatus(gen)).toBe('');
    expect(targetStatus({ group: 'vs-reference', checkMs: 50, anchorMs: 10, anchorKind: 'reference' })).toBe('');
    expect(ratioOf({ group: 'vs-reference', checkMs: 50, anchorMs: 10, anchorKind: 'reference' })).toBe(5);
  });
});

describe('registry', () => {
  it('lists the checker groups once each, each described', () => {
    const names = GROUPS.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['etcd', 'kv', 'c50-bad', 'c50-ok', 'gen-10k', 'gen-1m', 'gen-10k-info', 'gen-1m-info', 'vs-reference']) {
      expect(findGroup(n)?.name).toBe(n);
    }
    for (const g of GROUPS) expect(g.description.length).toBeGreaterThan(10);
    expect(findGroup('gen-1m-info')?.anchorMs).toBeUndefined();
  });

  it('types no Porcupine time into the code: every Porcupine ratio is measured in the run', () => {
    const porcupine = GROUPS.filter((g) => g.anchorKind === 'porcupine');
    expect(porcupine.map((g) => g.name)).toEqual(expect.arrayContaining(['etcd', 'kv', 'c50-bad', 'c50-ok', 'etcd-process', 'kv-process', 'c50-bad-process']));
    for (const g of porcupine) {
      expect(g.anchorMs, g.name).toBeUndefined();
      expect(g.usesAnchor, g.name).toBe(true);
    }
  });

  it('lists the simulator groups, anchored on a baseline measured in the same run', () => {
    for (const n of ['sim-echo', 'primary-backup', 'run-suite']) expect(findGroup(n)?.anchorKind).toBe('reference');
  });
});

describe('targets as ratios', () => {
  it('judges a group by its own target ratio, and a process row by the quorate process\'s memory', () => {
    const row: GroupResult = { group: 'etcd-process', checkMs: 900, anchorMs: 1600, anchorKind: 'porcupine', targetRatio: 0.5, anchorPeakRssBytes: 30 * MB, peakRssBytes: 90 * MB };
    expect(targetStatus(row)).toBe('MISSED (time)');
    expect(targetStatus({ ...row, checkMs: 700 })).toBe('met');
    expect(rowCells(row)[COLUMNS.indexOf('anchor MB')]).toBe('30');
    expect(targetStatus({ group: 'startup-10', checkMs: 90, anchorMs: 40, anchorKind: 'reference', targetRatio: 2 })).toBe('MISSED (time)');
  });

  it('has no time target when the anchor was not built', () => {
    expect(targetStatus({ group: 'etcd', checkMs: 900, anchorKind: 'porcupine' })).toBe('');
    expect(rowCells({ group: 'etcd', checkMs: 900, anchorKind: 'porcupine' })[COLUMNS.indexOf('ratio')]).toBe('-');
  });
});

describe('anchor and process timing', () => {
  it('sums porcbench\'s per-file check times and keeps its verdicts', () => {
    const tsv = 'file\tmodel\tmode\tresult\tops\tmedian_ms\nkv/c01-bad.txt\tkv\tpart\tIllegal\t38\t0.5\nkv/c01-ok.txt\tkv\tpart\tOk\t58\t1.25\n# sum kv/part: 1.75 ms\n';
    const a = parseAnchorTable(tsv);
    expect(a.ms).toBeCloseTo(1.75);
    expect(a.files).toBe(2);
    expect(a.verdicts.get('kv/c01-bad.txt')).toBe('Illegal');
  });

  it('alternates which side goes first, and takes medians', () => {
    const order: string[] = [];
    const r = interleave(4, () => order.push('a'), () => order.push('b'));
    expect(order.join('')).toBe('abbaabba');
    expect(r.a.length).toBe(4);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('takes rounds from QUORATE_BENCH_ROUNDS, else the group\'s own default', () => {
    const saved = process.env['QUORATE_BENCH_ROUNDS'];
    try {
      delete process.env['QUORATE_BENCH_ROUNDS'];
      expect(benchRounds()).toBe(5);
      expect(benchRounds(SHORT_PROCESS_ROUNDS)).toBe(15);
      process.env['QUORATE_BENCH_ROUNDS'] = '7';
      expect(benchRounds(SHORT_PROCESS_ROUNDS)).toBe(7);
      process.env['QUORATE_BENCH_ROUNDS'] = 'many';
      expect(benchRounds(SHORT_PROCESS_ROUNDS)).toBe(15);
    } finally {
      if (saved === undefined) delete process.env['QUORATE_BENCH_ROUNDS'];
      else process.env['QUORATE_BENCH_ROUNDS'] = saved;
    }
  });

  it('times a real process and reads its peak RSS where GNU time exists', () => {
    const run = timeProcess({ cmd: process.execPath, args: ['-e', 'process.exitCode = 3'] });
    expect(run.status).toBe(3);
    expect(run.ms).toBeGreaterThan(0);
    if (canMeasureRss()) expect(run.peakRssBytes).toBeGreaterThan(1 * MB);
    // CPU time too: a process that spins for 150 ms of its own uses at least 100 ms of CPU (and a non-zero exit
    // puts GNU time's "Command exited with non-zero status" line before the figures).
    if (canMeasureRss()) {
      const busy = timeProcess({ cmd: process.execPath, args: ['-e', 'const t = Date.now(); while (Date.now() - t < 150); process.exitCode = 1'] });
      expect(busy.status).toBe(1);
      expect(busy.cpuMs).toBeGreaterThanOrEqual(100);
      expect(busy.peakRssBytes).toBeGreaterThan(1 * MB);
    }
  });

  it('compare-builds reads its command line', () => {
    expect(parseCompareArgs(['a', 'b', '--', 'check', 'f.jsonl'])).toEqual({ runs: 20, dirs: ['a', 'b'], nodeFlags: [[], []], args: ['check', 'f.jsonl'] });
    expect(parseCompareArgs(['--runs', '7', 'a', 'b', '--', 'check'])).toEqual({ runs: 7, dirs: ['a', 'b'], nodeFlags: [[], []], args: ['check'] });
    expect(parseCompareArgs(['--node-b', '--v8-pool-size=1', '.', '.', '--', 'check'])).toEqual({ runs: 20, dirs: ['.', '.'], nodeFlags: [[], ['--v8-pool-size=1']], args: ['check'] });
    expect(parseCompareArgs(['--node-a', 'x', 'a', 'b', '--', 'check'])).toEqual({ error: '--node-a takes one Node option (like --v8-pool-size=1), got "x"' });
    expect(parseCompareArgs(['--runs', '0', 'a', 'b', '--', 'check'])).toEqual({ error: '--runs must be a positive integer, got "0"' });
    expect(parseCompareArgs(['a', '--', 'check'])).toHaveProperty('error');
    expect(parseCompareArgs(['a', 'b'])).toHaveProperty('error');
  });
});

describe('run-suite', () => {
  it('reads the summary line of `quorate run --json` and derives seeds per second per core', () => {
    const summary: RunSummaryLine = { type: 'summary', seeds: 2000, failures: 0, unknown: 0, ms: 2900, exit: 0, subsystems: [{ subsystem: 'ideal', seeds: 1000, failed: 0 }] };
    const stdout = ['{"subsystem":"ideal","seed":1}', JSON.stringify(summary), 'not json {', ''].join('\n');
    expect(parseRunSummary(stdout)).toEqual(summary);
    expect(parseRunSummary('{"type":"failure"}\n')).toBeUndefined();
    expect(seedsPerSecondPerCore({ workers: 2, wallMs: 4000, summary })).toBe(250);
  });
});

describe('bench-args', () => {
  it('parses --json and repeated or comma-separated --only', () => {
    expect(parseBenchArgs([])).toEqual({ json: false, list: false, only: [] });
    expect(parseBenchArgs(['--json', '--only', 'etcd,kv', '--only', 'gen-1m'])).toEqual({ json: true, list: false, only: ['etcd', 'kv', 'gen-1m'] });
    expect(() => parseBenchArgs(['--fast'])).toThrow();
  });
});

describe('porcupine manifest', () => {
  it('keeps rows with an expected verdict and maps them to check verdicts', () => {
    const text = 'file\tmodel\texpected\tops\nj/a.log\tetcd register\tnot\t3\nj/b.log\tetcd register\tlinearizable\t2\nj/c.log\tetcd register\tunknown\t0\n';
    const rows = parseManifest(text, '/c');
    expect(rows.map((r) => [r.file, r.expected])).toEqual([['j/a.log', 'violation'], ['j/b.log', 'ok']]);
    expect(rows[0]!.path).toBe('/c/j/a.log');
  });
});

describe('generated inputs', () => {
  it('are deterministic: the same groups check the same histories on every run', () => {
    const o = { model: 'kv', ops: 1000, keys: 10, clients: 20, infoRate: 0.001, seed: 5 } as const;
    expect(generateHistory(o)).toEqual(generateHistory(o));
    expect(referenceCases(50)).toEqual(referenceCases(50));
  });

  it('mutations change exactly one operation', () => {
    const { ops } = generateHistory({ model: 'kv', ops: 8, keys: 1, clients: 3, seed: 9 });
    const rng = xoroshiro128plus(4);
    for (let i = 0; i < 20; i++) {
      const m = mutateHistory(ops, rng);
      expect(m.filter((op, j) => op !== ops[j]).length).toBeLessThanOrEqual(1);
      expect(m.length).toBe(ops.length);
    }
  });

  it('reference cases have 7–8 ops', () => {
    for (const c of referenceCases(100)) {
      expect(c.ops.length).toBeGreaterThanOrEqual(7);
      expect(c.ops.length).toBeLessThanOrEqual(8);
    }
  });
});
