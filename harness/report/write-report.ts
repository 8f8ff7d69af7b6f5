/**
 * From files (or a run's traces held in memory) to a written report, and the
 * plain-words explanation of each input for the terminal and `--json`. What
 * `quorate report` and the `--report FILE` option of `check`, `run` and
 * `replay` share.
 */
import { writeFileSync } from 'node:fs';
import type { CheckResult, Witness } from '../../spec/check-result.js';
import type { RunSummary } from '../run/summary.js';
import type { ShrunkFailure } from '../run/seed-outcome.js';
import { replayCommand, type TracePaths } from './run-report.js';
import { UsageError } from '../../traces/errors.js';
import { readUserFile } from '../run/trace-file.js';
import { analyze, type Analysis, type RunVerdict } from './analyze.js';
import { renderReport, type ReportDocument, type ReportSection } from './html-report.js';
import { readReportTrace } from './report-trace.js';

/** Reads and analyzes one file; `given` is a check of it already made. */
export function analyzeFile(file: string, given?: CheckResult & { readonly model?: string }): Analysis {
  return analyze(readReportTrace(readUserFile(file), file), given);
}

/** Analyzes a trace held in memory (a run's shrunk trace), labelled `label`; `run` is the run's verdict when known. */
export function analyzeText(text: string, label: string, run?: RunVerdict): Analysis {
  return analyze(readReportTrace(text, label), undefined, run);
}

/** The terminal's lines for one analyzed input: verdict, then the explanation in plain words. */
export function explanationText(a: Analysis): string {
  const head = `${a.trace.source}: ${a.verdict}`;
  if (a.explanation !== undefined) return `${head}\n  in plain words: ${a.explanation.text}\n`;
  if (a.reason !== undefined) return `${head} (${a.reason})\n`;
  return `${head}\n`;
}

/** The `--json` object of one analyzed input. */
export function explanationJson(a: Analysis): Record<string, unknown> {
  return {
    file: a.trace.source, verdict: a.verdict, ...(a.model === undefined ? {} : { model: a.model }),
    ...(a.reason === undefined ? {} : { reason: a.reason }),
    ...(a.explanation === undefined ? {} : { explanation: a.explanation }),
    ...(a.broken.length === 0 ? {} : { broken: a.broken.map((b) => ({ property: b.property, kind: b.kind, time: b.time, line: b.line })) }),
  };
}

/** The plain-words line printed under a verdict by `check` and `replay` (empty when there is none). */
export function plainWords(a: Analysis): string {
  return a.explanation === undefined ? '' : `  in plain words: ${a.explanation.text}\n`;
}

/** A section per input, headed by its file name. */
export function sectionsOf(analyses: readonly Analysis[]): ReportSection[] {
  return analyses.map((a) => ({ heading: a.trace.source, analysis: a }));
}

/** Renders `doc` and writes it to `path`; a path that cannot be written is bad input (exit 2). Returns its size in bytes. */
export function writeReport(path: string, doc: ReportDocument): number {
  const text = renderReport(doc);
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`cannot write the report to ${path}: ${(e as Error).message}`);
  }
  return Buffer.byteLength(text);
}

/** What `quorate check` knows of each file when it writes its report. */
export interface CheckedFile {
  readonly file: string;
  readonly verdict: string;
  readonly model?: string;
  readonly reason?: string;
  readonly witness?: Witness;
}

/** The report of `quorate check --report`: a section per file it could read (standard input cannot be read twice and is left out). */
export function writeCheckReport(path: string, checked: readonly CheckedFile[]): number {
  const sections: ReportSection[] = [];
  for (const c of checked) {
    if (c.verdict === 'error' || c.file === '-') continue;
    const given: CheckResult & { model?: string } = c.witness !== undefined
      ? { verdict: 'not-linearizable', witness: c.witness }
      : c.verdict === 'linearizable' ? { verdict: 'linearizable' } : { verdict: 'unknown', reason: c.reason ?? 'not decided' };
    if (c.model !== undefined) given.model = c.model;
    sections.push({ heading: c.file, analysis: analyzeFile(c.file, given) });
  }
  return writeReport(path, { title: `quorate check: ${checked.map((c) => c.file).join(', ')}`, sections });
}

/** The report of `quorate run --report`: a section per investigated failure (its shrunk trace), then the summary and coverage. */
export function writeRunReport(path: string, failures: readonly ShrunkFailure[], paths: readonly TracePaths[], summaryText: string, summary: RunSummary): number {
  const sections = failures.map((f, i): ReportSection => {
    const p = paths[i] ?? {};
    const o = f.outcome;
    const label = p.shrunk ?? `${o.subsystem}${o.mutant === null ? '' : ` (mutant ${o.mutant})`} seed ${o.seed}, shrunk`;
    const first = o.failures[0];
    return {
      heading: `${o.subsystem}${o.mutant === null ? '' : ` (mutant ${o.mutant})`} seed ${o.seed}`,
      analysis: analyzeText(f.shrunkTrace, label, { verdict: 'fail' }),
      replay: replayCommand(o, p.shrunk),
      shrink: { originalOps: f.originalOps, originalFaults: f.originalFaults, shrunkOps: f.shrunkOps, shrunkFaults: f.shrunkFaults, simulations: f.shrinkRuns },
      ...(first === undefined ? {} : { originalFailure: `${first.property}: ${first.detail}` }),
    };
  });
  const title = `quorate run: ${summary.subsystems.map((x) => x.subsystem).join(', ')}${summary.failures > 0 ? `, ${summary.failures} failed` : ''}`;
  return writeReport(path, { title, sections, summaryText, summary });
}

/** The report of `quorate replay --report`: the replayed trace. */
export function writeReplayReport(path: string, trace: string, label: string, replay: string, run: RunVerdict): { bytes: number; analysis: Analysis } {
  const analysis = analyzeText(trace, label, run);
  const bytes = writeReport(path, { title: `quorate replay: ${label}`, sections: [{ heading: label, analysis, replay }] });
  return { bytes, analysis };
}
