/**
 * `quorate report TRACE... -o report.html`: one self-contained HTML report
 * for any traces or histories (a section each), and each one's verdict and
 * plain-words explanation in the terminal (`--json`: one object per input,
 * then a summary). Writing the report is the command's job, so it exits 0
 * when the report was written whatever the verdicts, 2 on bad input.
 */
import type { Command } from 'commander';
import { UsageError } from '../../traces/errors.js';
import { analyzeFile, explanationJson, explanationText, sectionsOf, writeReport } from '../report/write-report.js';
import { EXIT } from './exit.js';

interface ReportCliOptions {
  readonly output?: string;
  readonly json?: boolean;
  readonly title?: string;
}

/** Runs `quorate report`; returns the exit code. */
export function reportCommand(files: readonly string[], opts: ReportCliOptions, out: NodeJS.WritableStream): number {
  if (opts.output === undefined) throw new UsageError('report needs -o FILE: where to write the HTML report');
  const analyses = files.map((f) => analyzeFile(f));
  const bytes = writeReport(opts.output, { title: opts.title ?? `quorate report: ${files.join(', ')}`, sections: sectionsOf(analyses) });
  if (opts.json) {
    for (const a of analyses) out.write(`${JSON.stringify({ type: 'input', ...explanationJson(a) })}\n`);
    out.write(`${JSON.stringify({ type: 'summary', report: opts.output, bytes, inputs: files.length })}\n`);
  } else {
    for (const a of analyses) out.write(explanationText(a));
    out.write(`report: ${opts.output} (${bytes} bytes)\n`);
  }
  return EXIT.pass;
}

/** Registers `quorate report`. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a self-contained HTML report of traces or histories, and explain each verdict in plain words')
    .argument('<traces...>', 'trace or history files (any format `check` reads)')
    .option('-o, --output <file>', 'the HTML file to write')
    .option('--title <text>', 'the report\'s title')
    .option('--json', 'one JSON object per input (verdict, explanation), then a summary')
    .action((files: string[], opts: ReportCliOptions) => {
      process.exitCode = reportCommand(files, opts, process.stdout);
    });
}
