/**
 * `quorate list`: what the harness knows — subsystems (cluster, bounds,
 * model, properties, workload), their mutants with how the suite reaches
 * them and the measured figures of each (harness/subsystems/mutant-figures.ts,
 * written by `npm run measure-mutants`), the nemesis fault kinds, and the
 * models. `--json` for programs.
 */
import type { Command } from 'commander';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { FAULT_KINDS } from '../nemesis/fault-kinds.js';
import { MUTANT_FIGURES } from '../subsystems/mutant-figures.js';
import type { MutantFigure } from '../subsystems/mutant-figure.js';
import { MODELS } from '../../spec/models.js';
import type { CommandIo } from './run-command.js';
import { claimsOf } from '../subsystems/descriptor.js';

/** The catalogue as one JSON-able value. */
export function catalogue(registry: readonly SubsystemDescriptor[]): Record<string, unknown> {
  return {
    subsystems: registry.map((d) => ({
      name: d.name, description: d.description, model: d.model.name, cluster: d.cluster, bounds: d.bounds,
      faults: d.faults, workload: d.workloadDescription ?? null, claims: claimsOf(d.claims).map((c) => (typeof c === 'object' ? { name: c.name, description: c.description } : (c ?? 'linearizable'))),
      properties: d.properties.map((p) => ({ kind: p.kind, name: p.name, description: p.description })),
      mutants: d.mutants.map((m) => ({ name: m.name, description: m.description, reach: m.reach, caughtBy: m.caughtBy, measured: MUTANT_FIGURES[d.name]?.[m.name] ?? null })),
      availability: d.availability === undefined ? null : { faultsTolerated: d.availability.faultsTolerated, boundUs: d.availability.boundUs, writes: d.availability.writes },
    })),
    models: Object.values(MODELS).map((m) => ({ name: m.name, operations: m.operations })),
    faults: FAULT_KINDS.map((k) => ({ kind: k.kind, description: k.description })),
  };
}

/** Runs `quorate list`. */
export function listCommand(json: boolean, registry: readonly SubsystemDescriptor[], io: CommandIo): number {
  if (json) {
    io.stdout.write(JSON.stringify(catalogue(registry)) + '\n');
    return 0;
  }
  const out: string[] = ['subsystems:'];
  for (const d of registry) {
    const b = d.bounds;
    out.push(`  ${d.name} — ${d.description}`);
    out.push(`    model ${d.model.name}; ${d.cluster.servers} servers, ${d.cluster.clients} clients; bounds: ${b.timeUs / 1e6} s virtual, ${b.maxSteps} steps, ${b.checkSteps} check steps, live within ${b.liveBoundUs / 1e6} s after heal`);
    if (d.workloadDescription !== undefined) out.push(`    workload: ${d.workloadDescription}`);
    out.push(`    properties: ${d.properties.map((p) => `${p.kind} ${p.name}`).join(', ')}; history: ${claimDescription(d)}${d.abstraction === undefined ? '' : ', refinement'}; eventually live`);
    const a = d.availability;
    if (a !== undefined) {
      out.push(`    availability: with at most f = ${a.faultsTolerated} servers out and the network whole, ${a.writes.join('/')} commit within ${a.boundUs / 1e6} s (available-within-f); with more than f out none is acknowledged (no-commit-without-majority)`);
    }
    out.push(`    faults: ${d.faults.join(', ')}`);
    for (const m of d.mutants) {
      out.push(`    mutant ${m.name}: ${m.description}`, `      reach: ${m.reach}`, `      caught by: ${m.caughtBy.join(', ')}`);
      out.push(`      measured: ${describeFigure(MUTANT_FIGURES[d.name]?.[m.name])}`);
    }
  }
  out.push('models:');
  for (const m of Object.values(MODELS)) out.push(`  ${m.name}: ${m.operations.join(', ')}`);
  out.push('nemesis fault kinds:');
  const w = Math.max(...FAULT_KINDS.map((k) => k.kind.length));
  for (const k of FAULT_KINDS) out.push(`  ${k.kind.padEnd(w)}  ${k.description}`);
  io.stdout.write(out.join('\n') + '\n');
  return 0;
}

/** What a subsystem's history must satisfy, for `quorate list`. */
function claimDescription(d: SubsystemDescriptor): string {
  return claimsOf(d.claims).map((c) => {
    if (c === undefined || c === 'linearizable') return 'linearizability';
    return typeof c === 'string' ? `${c} (claimed; linearizability not required)` : `${c.name} (${c.description})`;
  }).join('; ');
}

/** One line of a mutant's measured figures. */
export function describeFigure(f: MutantFigure | undefined): string {
  if (f === undefined) return 'not measured (npm run measure-mutants)';
  if (f.firstSeed === null) return `not caught in seeds 1..${f.seeds}`;
  const pct = (100 * f.failing) / f.seeds;
  const rate = pct >= 10 ? pct.toFixed(0) : pct.toFixed(1).replace(/\.0$/, '');
  const others = f.firstSeedProperties.filter((p) => p !== f.firstProperty);
  const also = others.length === 0 ? '' : ` (that seed also fails ${others.join(', ')})`;
  return `first caught at seed ${f.firstSeed} by ${f.firstProperty}${also}; ${f.failing} of seeds 1..${f.seeds} fail (${rate} %)`;
}

/** Registers `quorate list` on `program`. */
export function registerList(program: Command, registry: readonly SubsystemDescriptor[]): void {
  program
    .command('list')
    .description('list subsystems, mutants, models and nemesis fault kinds')
    .option('--json', 'one JSON object')
    .action((raw: { json?: boolean }) => {
      process.exitCode = listCommand(raw.json === true, registry, { stdout: process.stdout, stderr: process.stderr });
    });
}
