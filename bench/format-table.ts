/**
 * The bench table: one row per group, with check time, peak memory, the
 * anchor and the ratio time/anchor (below 1 = faster than the anchor), and
 * whether verdicts and targets held. Lines under the table give the details
 * (skips, errors, verdict mismatches, notes).
 */
import type { AnchorKind, GroupResult } from './bench-group.js';

const MB = 1024 * 1024;

/** The table's column headers. */
export const COLUMNS = ['group', 'files', 'ops', 'gen ms', 'quorate ms', '+witness ms', 'peak MB', 'memo MB', 'anchor ms', 'anchor MB', 'ratio', 'verdicts', 'target'] as const;

const ANCHOR_MARK: Record<AnchorKind, string> = { porcupine: '', target: ' (target)', reference: ' (reference)' };

const ms = (x: number | undefined): string => (x === undefined ? '' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const mb = (x: number | undefined): string => (x === undefined ? '' : (x / MB).toFixed(0));

/** time / anchor, when both are known. */
export function ratioOf(r: GroupResult): number | undefined {
  return r.checkMs !== undefined && r.anchorMs !== undefined && r.anchorMs > 0 ? r.checkMs / r.anchorMs : undefined;
}

/** The ratio a group must stay under: its own, else 1 for Porcupine anchors and targets; none for an in-run reference. */
function targetRatioOf(r: GroupResult): number | undefined {
  if (r.targetRatio !== undefined) return r.targetRatio;
  return r.anchorKind === 'porcupine' || r.anchorKind === 'target' ? 1 : undefined;
}

/** Whether the group met its time and memory targets: 'met', 'MISSED (...)', or '' when it has none. */
export function targetStatus(r: GroupResult): string {
  const missed: string[] = [];
  const target = r.anchorMs === undefined ? undefined : targetRatioOf(r);
  const hasTime = target !== undefined;
  if (hasTime && (ratioOf(r) ?? Infinity) > target) missed.push('time');
  const hasMem = r.targetPeakMB !== undefined;
  if (hasMem && (r.peakRssBytes ?? Infinity) > r.targetPeakMB! * MB) missed.push('memory');
  if (!hasTime && !hasMem) return '';
  return missed.length === 0 ? 'met' : `MISSED (${missed.join(', ')})`;
}

/** One row's cells, in COLUMNS order. */
export function rowCells(r: GroupResult): string[] {
  if (r.skipped !== undefined) return [r.group, 'skipped', ...COLUMNS.slice(2).map(() => '')];
  if (r.error !== undefined) return [r.group, 'ERROR', ...COLUMNS.slice(2).map((c) => (c === 'peak MB' ? mb(r.peakRssBytes) : ''))];
  const ratio = ratioOf(r);
  const v = r.verdicts;
  return [
    r.group,
    r.files === undefined ? '' : String(r.files),
    r.ops === undefined ? '' : String(r.ops),
    ms(r.genMs),
    ms(r.checkMs),
    ms(r.witnessMs),
    mb(r.peakRssBytes),
    r.memoPeakBytes === undefined ? '' : (r.memoPeakBytes / MB).toFixed(1),
    r.anchorMs === undefined ? '-' : `${ms(r.anchorMs)}${ANCHOR_MARK[r.anchorKind ?? 'porcupine']}`,
    mb(r.anchorPeakRssBytes),
    ratio === undefined ? '-' : ratio.toFixed(2),
    v === undefined ? '' : `${v.matched}/${v.total} ${v.matched === v.total ? 'match' : 'MISMATCH'}`,
    targetStatus(r),
  ];
}

/** The whole table plus detail lines, as text. */
export function formatTable(results: readonly GroupResult[]): string {
  const rows = [[...COLUMNS], ...results.map(rowCells)];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const numeric = (c: number): boolean => c >= 1 && c <= 10;
  const line = (row: readonly string[]): string =>
    `| ${row.map((cell, c) => (numeric(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
  const out = [line(rows[0]!), `|${widths.map((w, c) => (numeric(c) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`];
  for (const row of rows.slice(1)) out.push(line(row));
  const details: string[] = [];
  for (const r of results) {
    if (r.skipped !== undefined) details.push(`${r.group}: skipped: ${r.skipped}`);
    if (r.error !== undefined) details.push(`${r.group}: error: ${r.error}`);
    for (const m of r.verdicts?.mismatches ?? []) details.push(`${r.group}: verdict mismatch: ${m}`);
    for (const n of r.notes ?? []) details.push(`${r.group}: ${n}`);
  }
  if (details.length > 0) out.push('', ...details);
  out.push('', 'quorate ms = check time only, verdict without witness like the anchors (inputs read/generated first); *-process rows: a whole `quorate check` process, spawn to exit;',
    'ratio = quorate ms / anchor ms (< 1 is faster), both measured in this run, interleaved; +witness ms = one more (warm) pass with witness minimization, as `quorate check` runs;',
    'anchor: Porcupine (Go) built and run beside quorate, or (target) a budget we set, or (reference) a baseline measured in the same run (see bench/README.md);',
    'peak MB = max RSS of the group\'s child process (*-process rows: of the quorate process); anchor MB = the anchor process\'s; memo MB = checker\'s own peak memo estimate.');
  return out.join('\n');
}
