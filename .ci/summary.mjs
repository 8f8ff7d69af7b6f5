// Reads vitest's JSON report and prints the plain closing line CI reads.
// Exits 1 when the report is missing or counts no test at all.
import { readFileSync } from 'node:fs';
const file = process.argv[2];
let r;
try {
  r = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`summary: cannot read vitest report ${file}: ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = r.numPassedTests ?? 0;
const failed = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0 ? 0 : 0);
const suitesFailed = r.numFailedTestSuites ?? 0;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
const allFailed = failed + (suitesFailed > 0 && failed === 0 ? suitesFailed : 0);
console.log(`${passed} passed, ${allFailed} failed, ${skipped} skipped`);
process.exit(allFailed > 0 || passed === 0 ? 1 : 0);
