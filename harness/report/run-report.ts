/**
 * Text renderings of a run for the terminal: a failing seed with its shrunk
 * counterexample, trace paths and one-line replay command, and the summary
 * with coverage. Pure functions returning strings; the CLI prints them.
 */
import { describeTally } from '../run/model-tally.js';
import { gapsOf, type RunSummary } from '../run/summary.js';
import type { CoverageJudgement } from '../run/coverage-policy.js';
import type { SeedOutcome, ShrunkFailure } from '../run/seed-outcome.js';
import { describeInputs } from './describe-inputs.js';
import { subsystemArgument } from '../run/module-origin.js';

/** Where a failure's traces were written (absent when they were not). */
export interface TracePaths {
  readonly trace?: string;
  readonly shrunk?: string;
}

/** The one-line replay command of a seed (by its trace when there is one). */
export function replayCommand(o: SeedOutcome, tracePath?: string): string {
  if (tracePath !== undefined) return `quorate replay ${shellQuote(tracePath)}`;
  return `quorate replay --subsystem ${shellQuote(subsystemArgument(o.subsystem))} --seed ${o.seed}${o.mutant === null ? '' : ` --mutant ${o.mutant}`}`;
}

function shellQuote(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function indent(text: string, pad: string): string {
  return text.split('\n').map((l) => pad + l).join('\n');
}

function title(o: SeedOutcome): string {
  return `${o.subsystem}${o.mutant === null ? '' : ` (mutant ${o.mutant})`} seed ${o.seed}`;
}

/** A failing seed, investigated: what failed, the shrunk case, the traces and how to replay it. */
export function formatInvestigated(f: ShrunkFailure, paths: TracePaths): string {
  const o = f.outcome;
  const first = o.failures[0];
  const shrunk = f.shrunkFailure.failures[0];
  const lines = [`FAIL ${title(o)}: ${first?.property ?? '?'}`];
  if (first !== undefined) lines.push(indent(first.detail, '  '));
  lines.push(`  shrunk from ${f.originalOps} ops and ${f.originalFaults} faults to ${f.shrunkOps} ops and ${f.shrunkFaults} faults (${f.shrinkRuns} simulations); the shrunk case fails ${shrunk?.property ?? '?'}:`);
  if (shrunk !== undefined) lines.push(indent(shrunk.detail, '    '));
  lines.push('  the shrunk case:', ...describeInputs(f.shrunkInputs, [], '    '));
  if (paths.trace !== undefined) lines.push(`  trace:  ${paths.trace}`);
  if (paths.shrunk !== undefined) lines.push(`  shrunk: ${paths.shrunk}`);
  lines.push(`  replay: ${replayCommand(o, paths.shrunk)}`);
  if (paths.shrunk !== undefined) lines.push(`          (unshrunk: ${replayCommand(o)})`);
  return lines.join('\n');
}

/** A failing seed that was not investigated (over the limit): one line. */
export function formatUninvestigated(o: SeedOutcome): string {
  return `FAIL ${title(o)}: ${o.failures[0]?.property ?? '?'} — replay: ${replayCommand(o)}`;
}

/** An inconclusive seed: one line. */
export function formatUnknown(o: SeedOutcome): string {
  return `UNKNOWN ${title(o)}: ${o.unknownReason ?? 'budget exhausted'} — replay: ${replayCommand(o)}`;
}

/** The summary: per subsystem verdicts, coverage and faults, then gaps (failing or a warning, as `coverage` says) and the total. */
export function formatSummary(s: RunSummary, opts: { readonly coverage: CoverageJudgement; readonly mutantRun: boolean; readonly timeLabel?: string }): string {
  const lines: string[] = [];
  for (const x of s.subsystems) {
    const m = x.mutant === null ? '' : ` (mutant ${x.mutant})`;
    lines.push(`${x.subsystem}${m}: ${x.seeds} seeds, ${x.passed} passed, ${x.failed} failed, ${x.unknown} unknown`);
    const cov = Object.entries(x.coverage).map(([p, n]) => `${p} ${n}/${x.seeds}${n === 0 ? ' (NEVER)' : ''}`);
    cov.push(`ops after heal ${x.eventuallyExercised}/${x.seeds}`);
    lines.push(`  sometimes: ${cov.join(', ')}`);
    const faults = Object.entries(x.faults).map(([k, n]) => `${k} ${n}`);
    if (faults.length > 0) lines.push(`  faults: ${faults.join(', ')}`);
    if (x.models !== undefined) lines.push(`  ${describeTally(x.claims ?? [], x.models)}`);
  }
  const c = opts.coverage;
  // Each gap counts its own subsystem's seeds: "never in 150 seeds" must not be the total over all subsystems.
  for (const x of opts.mutantRun ? [] : s.subsystems) {
    for (const g of gapsOf(x)) lines.push(`COVERAGE GAP ${g}: never happened in ${x.seeds} seeds of ${x.subsystem}${c.fails ? '' : ` (a warning: ${c.why})`}`);
  }
  const secs = (s.ms / 1000).toFixed(1);
  const verdict = s.failures > 0 ? 'FAILED' : s.coverageGaps.length > 0 && c.fails ? 'FAILED (coverage)' : s.unknown > 0 ? 'INCONCLUSIVE' : 'PASSED';
  lines.push(`${verdict}: ${s.seeds} seeds, ${s.failures} failed, ${s.unknown} unknown, ${opts.timeLabel ?? 'in'} ${secs} s`);
  return lines.join('\n');
}
