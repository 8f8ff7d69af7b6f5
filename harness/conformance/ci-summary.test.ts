/**
 * CI's closing line (.ci/summary.mjs): under CI=true a skipped test that is
 * not on the allow-list counts as failed and is named, so ground truth that
 * quietly does not run cannot pass CI; the last line stays
 * "N passed, N failed, N skipped".
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../traces/corpus-dir.js';

const root = repoRoot();
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'quorate-ci-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function summary(report: unknown, ci: boolean): { code: number | null; lines: string[] } {
  const file = path.join(dir, 'report.json');
  writeFileSync(file, JSON.stringify(report));
  const env = { ...process.env };
  delete env['CI'];
  const r = spawnSync(process.execPath, [path.join(root, '.ci/summary.mjs'), file], { cwd: root, encoding: 'utf8', env: ci ? { ...env, CI: 'true' } : env });
  return { code: r.status, lines: r.stdout.trimEnd().split('\n') };
}

const report = {
  numPassedTests: 2,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 0,
  testResults: [
    {
      name: path.join(root, 'traces/corpus.test.ts'),
      status: 'passed',
      assertionResults: [
        { status: 'passed', ancestorTitles: ['Porcupine corpus'], title: 'lists 109 files' },
        { status: 'passed', ancestorTitles: ['Porcupine corpus'], title: 'reads them' },
        { status: 'skipped', ancestorTitles: ['Porcupine corpus'], title: 'agrees with MANIFEST' },
      ],
    },
  ],
};

describe('.ci/summary.mjs', () => {
  it('under CI=true a skip not on the allow-list fails CI and is named', () => {
    const r = summary(report, true);
    expect(r.code).toBe(1);
    expect(r.lines.at(-1)).toBe('2 passed, 1 failed, 0 skipped');
    expect(r.lines).toContain('summary: skipped (counted as failed: not on the allow-list .ci/allowed-skips.json): traces/corpus.test.ts > Porcupine corpus agrees with MANIFEST');
    expect(r.lines.some((l) => l.startsWith('summary: allowed skips:'))).toBe(true);
  });

  it('a skip on the allow-list is counted as skipped, and the list is printed with its reasons', () => {
    const allowed = (JSON.parse(readFileSync(path.join(root, '.ci/allowed-skips.json'), 'utf8')) as { test: string; reason: string }[])[0]!;
    const [file, title] = allowed.test.split(' > ');
    const r = summary({ numPassedTests: 1, testResults: [{ name: path.join(root, file!), status: 'passed', assertionResults: [{ status: 'passed', ancestorTitles: [], title: 'x' }, { status: 'skipped', ancestorTitles: [], title: title! }] }] }, true);
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toBe('1 passed, 0 failed, 1 skipped');
    expect(r.lines).toContain(`  ${allowed.test}: ${allowed.reason}`);
  });

  it('outside CI a skip is counted as skipped', () => {
    const r = summary(report, false);
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toBe('2 passed, 0 failed, 1 skipped');
  });

  it('a test file that failed to load counts as a failure', () => {
    const broken = { numPassedTests: 1, numFailedTests: 0, testResults: [{ name: path.join(root, 'x.test.ts'), status: 'failed', message: 'SyntaxError: nope', assertionResults: [] }] };
    const r = summary(broken, true);
    expect(r.code).toBe(1);
    expect(r.lines.at(-1)).toBe('1 passed, 1 failed, 0 skipped');
  });
});
