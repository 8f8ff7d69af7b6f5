// Reads vitest's JSON report and prints the plain closing line CI reads:
// "N passed, N failed, N skipped". A test file that failed to load (no test
// results inside) counts as one failure. Under CI=true a skipped test is a
// check that did not run, so it counts as failed unless .ci/allowed-skips.json
// lists it with its reason (ground truth that skips quietly would pass CI without
// checking anything). Exits 1 when anything failed, when the report is
// missing, or when no test ran at all.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The one list of tests that may be skipped under CI, each with why: .ci/allowed-skips.json,
 * entries `{ "test": "<file relative to the repository> > <describe titles> <test title>", "reason": "..." }`,
 * the test named exactly as this script prints a skip.
 */
const ALLOWED_SKIPS = JSON.parse(readFileSync(new URL('./allowed-skips.json', import.meta.url), 'utf8'));

const file = process.argv[2];
const ci = process.env['CI'] === 'true';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`summary: cannot read the vitest report ${file}: ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const root = process.cwd();
const passed = report.numPassedTests ?? 0;
const brokenFiles = (report.testResults ?? []).filter(
  (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
);
for (const f of brokenFiles) console.log(`summary: ${f.name} failed outside any test: ${(f.message ?? '').split('\n')[0]}`);

const allowed = new Map(ALLOWED_SKIPS.map((s) => [s.test, s.reason]));
const skips = (report.testResults ?? []).flatMap((f) =>
  (f.assertionResults ?? [])
    .filter((a) => a.status === 'skipped' || a.status === 'pending' || a.status === 'todo')
    .map((a) => `${path.relative(root, f.name)} > ${[...(a.ancestorTitles ?? []), a.title].join(' ')}`),
);
const unlisted = skips.filter((s) => !allowed.has(s));
console.log(
  ALLOWED_SKIPS.length === 0
    ? 'summary: allowed skips: none'
    : `summary: allowed skips:\n${ALLOWED_SKIPS.map((s) => `  ${s.test}: ${s.reason}`).join('\n')}`,
);
for (const s of unlisted) console.log(`summary: skipped${ci ? ' (counted as failed: not on the allow-list .ci/allowed-skips.json)' : ''}: ${s}`);

const failed = (report.numFailedTests ?? 0) + brokenFiles.length + (ci ? unlisted.length : 0);
const skipped = ci ? skips.length - unlisted.length : skips.length;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
