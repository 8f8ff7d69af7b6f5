/**
 * From files (or a run's traces held in memory) to a written report, and the
 * plain-words explanation of each input for the terminal and `--json`. What
 * `quorate report` and the `--report FILE` option of `check`, `run` and
 * `replay` share.
 */
import { writeFileSync } from 'node:fs';
import type { CheckResult } from '../../spec/check-result.js';
import { QuorateError, UsageError } from '../../traces/errors.js';
import { readUserFile } from '../run/trace-file.js';
import { analyze, type Analysis } from './analyze.js';
import { renderReport, type ReportDocument, type ReportSection } from './html-report.js';
import { readReportTrace } from './report-trace.js';

/** Reads and analyzes one file; `given` is a check of it already made. */
export function analyzeFile(file: string, given?: CheckResult & { readonly model?: string }): Analysis {
  return analyze(readReportTrace(readUserFile(file), file), given);
}

/** Analyzes a trace held in memory (a run's shrunk trace), labelled `label`. */
export function analyzeText(text: string, label: string): Analysis {
  return analyze(readReportTrace(text, label));
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

/** Whether `e` is a typed input error (reported in one line), as opposed to a bug. */
export function isInputError(e: unknown): e is QuorateError {
  return e instanceof QuorateError;
}
