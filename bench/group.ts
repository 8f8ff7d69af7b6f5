/**
 * Child-process entry: `node dist/bench/group.js NAME` runs one group and
 * prints one JSON line (a GroupResult) with the process's peak RSS, so each
 * group's memory is measured alone.
 */
import type { GroupResult } from './bench-group.js';
import { findGroup } from './groups/index.js';

const name = process.argv[2] ?? '';
const group = findGroup(name);
let result: GroupResult;
if (group === undefined) {
  result = { group: name, error: `no bench group "${name}"` };
} else {
  const base = { group: group.name, anchorMs: group.anchorMs, anchorKind: group.anchorKind, targetPeakMB: group.targetPeakMB, targetRatio: group.targetRatio };
  try {
    const m = await group.run();
    result = { ...base, ...m, anchorMs: m.anchorMs ?? group.anchorMs };
  } catch (e) {
    result = { ...base, error: e instanceof Error ? e.message : String(e) };
  }
}
// A group that timed whole quorate processes reports their peak, not its own.
result = { ...result, peakRssBytes: result.processPeakRssBytes ?? process.resourceUsage().maxRSS * 1024 };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exitCode = result.error === undefined ? 0 : 1;
