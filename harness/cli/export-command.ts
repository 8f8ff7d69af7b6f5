/**
 * `quorate export --otlp TRACE -o spans.json`: a trace (or history) as
 * OpenTelemetry spans in OTLP/JSON (harness/report/otlp.ts), for standard
 * tracing tools. Exits 0 when written, 2 on bad input.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../traces/errors.js';
import { readUserFile } from '../run/trace-file.js';
import { otlpJson } from '../report/otlp.js';
import { readReportTrace } from '../report/report-trace.js';
import { EXIT } from './exit.js';

interface ExportCliOptions {
  readonly otlp?: boolean;
  readonly output?: string;
}

/** Runs `quorate export`; returns the exit code. */
export function exportCommand(file: string, opts: ExportCliOptions, out: NodeJS.WritableStream): number {
  if (opts.otlp !== true) throw new UsageError('export needs a format: --otlp (OpenTelemetry OTLP/JSON)');
  if (opts.output === undefined) throw new UsageError('export needs -o FILE: where to write the spans');
  const text = readUserFile(file);
  const json = otlpJson(readReportTrace(text, file), text);
  try {
    writeFileSync(opts.output, json);
  } catch (e) {
    throw new UsageError(`cannot write the spans to ${opts.output}: ${(e as Error).message}`);
  }
  out.write(`spans: ${opts.output} (${Buffer.byteLength(json)} bytes)\n`);
  return EXIT.pass;
}

/** Registers `quorate export`. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a trace as OpenTelemetry spans (OTLP/JSON), one resource per node')
    .argument('<trace>', 'a trace or history file')
    .option('--otlp', 'OpenTelemetry OTLP/JSON (an ExportTraceServiceRequest)')
    .option('-o, --output <file>', 'the JSON file to write')
    .action((file: string, opts: ExportCliOptions) => {
      process.exitCode = exportCommand(file, opts, process.stdout);
    });
}
