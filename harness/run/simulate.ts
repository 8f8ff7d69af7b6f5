/**
 * One simulation of a subsystem from its complete inputs: build the world,
 * play the fault schedule and the workload, check `always` invariants and
 * refinement after every step, then `eventually` and linearizability on the
 * finished history, and count `sometimes` observations. Deterministic: the
 * same descriptor, mutant and inputs give the same result and trace.
 *
 * A check that did not finish is not a pass (DESIGN.md, "Verdicts"). A run
 * stopped by `bounds.maxSteps` before `bounds.timeUs` (and before its
 * workload ended) is `unknown` — "stopped at step cap N at virtual time T of
 * U" — unless a property failed: the checks after the run still judge what
 * happened before the cap (a non-linearizable prefix, a deadline that passed
 * before it), and such a violation is a fact of the run, so it stays `fail`.
 * A refinement step the search budget could not decide is `unknown` too
 * (refinement.ts), and so is a history the checker's budget could not judge.
 *
 * By default the first failure halts the world (fast, and what shrinking
 * re-runs). With `allFailures` a failure does not halt it: each property is
 * recorded once, at its first failure, the run goes on to its end and every
 * check after the run is made, so a test can ask which properties caught a
 * mutant independently of the order the checks run in.
 */
import type { NodeId } from '../../impl/actor.js';
import type { TraceEvent } from '../../traces/schema/trace-v1.js';
import { createWorld } from '../sim/world.js';
import type { WorldView } from '../sim/types.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { applySchedule } from '../nemesis/apply-schedule.js';
import type { RunInputs } from '../nemesis/schedule.js';
import { WorkloadDriver, type OpRecord } from '../workload/driver.js';
import { finalReadPhase } from '../workload/final-reads.js';
import { AvailabilityMonitor } from './availability.js';
import { checkEventually } from './eventually.js';
import { fmtTime } from './format-time.js';
import type { Failure } from './failure.js';
import { checkClaim, claimsOf } from './history-check.js';
import { judgeOtherModels, otherModels } from './other-models.js';
import type { ModelOutcome } from './model-tally.js';
import { clientIds, serverIds } from './node-ids.js';
import { RefinementMonitor, type RefinementOptions } from './refinement.js';
import { checkMutant } from './run-options-check.js';

/** Options of one simulation. */
export interface SimulateOptions {
  readonly mutant: string | undefined;
  /** Record world events (send, deliver, faults…) in the trace. */
  readonly record: boolean;
  /** Search-step budget of the linearizability check (default `bounds.checkSteps`; 0 skips the check). */
  readonly checkSteps?: number;
  /** Record every property that fails (its first failure each) instead of halting at the first failure. */
  readonly allFailures?: boolean;
  /** Search nodes one refinement step may visit (default refinement.ts's `SEARCH_LIMIT`). */
  readonly refinementSearchLimit?: number;
  /** Also check every consistency model the descriptor does not claim (reports only: `models` in the result). */
  readonly otherModels?: boolean;
}

/** Everything one simulation found. */
export interface SimResult {
  readonly verdict: 'pass' | 'fail' | 'unknown';
  /** The first failure (default), or the first failure of every property that failed, in the order found (`allFailures`). */
  readonly failures: readonly Failure[];
  /** Why the verdict is unknown (step cap, refinement search limit, linearizability budget), reasons joined by "; ". */
  readonly unknownReason?: string;
  /** Counts of the descriptor's `sometimes` observations, by property name. */
  readonly coverage: Readonly<Record<string, number>>;
  /** Counts of applied fault events by kind. */
  readonly faults: Readonly<Record<string, number>>;
  readonly ops: number;
  /** Operations invoked after the final heal (what the `eventually` property judged). */
  readonly opsAfterHeal: number;
  readonly steps: number;
  readonly timeUs: number;
  readonly trace: readonly TraceEvent[];
  /** For descriptors with `availability`: writes judged by `available-within-f` and the slowest of them, µs. */
  readonly availability?: { readonly judged: number; readonly slowestUs: number };
  /** Every logical request invoked, in invocation order. */
  readonly records: readonly OpRecord[];
  /** With `otherModels`: each unclaimed model's verdict on this history (never part of `verdict`). */
  readonly models?: Readonly<Record<string, ModelOutcome>>;
}

/** Runs `inputs` on a fresh world built from `d`; a mutant `d` does not list throws an `UnknownChoiceError`. */
export function simulate(d: SubsystemDescriptor, inputs: RunInputs, opts: SimulateOptions): SimResult {
  checkMutant(d, opts.mutant);
  const servers = serverIds(d.cluster.servers);
  const clients = clientIds(d.cluster.clients);
  const world = createWorld({ seed: inputs.worldSeed, servers, clients, network: d.network, clock: d.clock, record: opts.record });
  const build = { mutant: opts.mutant, servers, shared: new Map<string, unknown>() };
  const failures: Failure[] = [];
  const failed = new Set<string>();
  const all = opts.allFailures === true;
  const fail = (f: Failure): void => {
    if (failed.has(f.property)) return;
    failed.add(f.property);
    failures.push(f);
    world.note({ type: 'property', time: world.time, name: f.property, kind: f.kind === 'eventually' ? 'eventually' : 'always', holds: false, detail: f.detail });
    if (!all) world.halt();
  };
  const unknown: string[] = [];
  // Whether the checks after the run are made: always with `allFailures`, otherwise only while nothing failed.
  const judging = (): boolean => all || failures.length === 0;
  const finalReads = d.finalReads;
  const afterWorkload = (): void => {
    if (finalReads === undefined) return world.halt();
    const wait = Math.max(world.time, inputs.schedule.healAt) + finalReads.quietUs - world.time;
    driver.runPhase(finalReadPhase(finalReads, servers, clients.length, wait), () => world.halt());
  };
  const driver: WorkloadDriver = new WorkloadDriver(world, clients, inputs.workload, afterWorkload);
  const describe = (r: OpRecord): string =>
    d.model.describe({ id: r.index, process: r.process, f: r.f, key: r.key, input: r.input, output: r.output, status: r.status === 'ok' ? 'ok' : 'info', call: 0, ret: 0, callLine: 0, retLine: undefined });
  const refinement = d.abstraction === undefined ? undefined : new RefinementMonitor(d.model, d.abstraction.bind(d), driver.records, describe, refinementOptions(d, opts));
  const always = d.properties.filter((p) => p.kind === 'always');
  const isServer = new Set<NodeId>(servers);
  const availability = d.availability === undefined ? undefined : new AvailabilityMonitor(d.availability, servers);
  let started = false;
  if (availability !== undefined) world.onFault((view) => availability.sample(view));
  world.onStep((view: WorldView, node: NodeId) => {
    if (availability !== undefined && isServer.has(node)) availability.sample(view);
    if (!started || (!all && failures.length > 0)) return;
    for (const p of always) {
      if (failed.has(p.name)) continue;
      const detail = p.check(view, node);
      if (detail === undefined) continue;
      fail({ property: p.name, kind: 'always', time: view.time, step: view.steps, detail: `step ${view.steps} at ${fmtTime(view.time)} on ${node}: ${detail}` });
      if (!all) return;
    }
    if (refinement !== undefined && isServer.has(node)) {
      const r = refinement.step(view, node);
      if (r?.verdict === 'fail') fail(r.failure);
      else if (r?.verdict === 'unknown') unknown.push(r.reason);
    }
  });
  world.start((id) => d.server(id, build), (id) => d.client(id, build));
  started = true;
  const initial = refinement?.start(world);
  if (initial !== undefined) fail(initial);
  const counts = applySchedule(world, inputs.schedule, { descriptor: d, servers, clients });
  driver.start();
  const stop = world.run({ until: d.bounds.timeUs, maxSteps: d.bounds.maxSteps });
  // Only a step cap cuts a run short: 'idle' and a halt by the finished workload leave nothing to happen, 'time' is the planned end.
  if (stop === 'steps') unknown.unshift(`stopped at step cap ${d.bounds.maxSteps} at virtual time ${fmtTime(world.time)} of ${fmtTime(d.bounds.timeUs)}`);

  const judged = availability?.judge(driver.records, world.time, describe);
  if (judging() && judged !== undefined) for (const f of all ? judged.failures : [judged.failure]) if (f !== undefined) fail(f);
  if (judging()) {
    const ev = checkEventually(driver.records, { healAt: inputs.schedule.healAt, liveBoundUs: d.bounds.liveBoundUs, endTime: world.time, describe });
    if (ev !== undefined) fail(ev);
  }
  const checkSteps = opts.checkSteps ?? d.bounds.checkSteps;
  if (judging() && checkSteps > 0) {
    const history = { records: driver.records, healAt: inputs.schedule.healAt, endTime: world.time, view: world, shared: build.shared };
    for (const c of claimsOf(d.claims)) {
      if (!judging()) break;
      const claim = checkClaim(c, history, d.model, checkSteps);
      if (claim.verdict === 'fail') fail(claim.failure);
      else if (claim.verdict === 'unknown') unknown.push(claim.reason);
    }
  }
  const models = opts.otherModels === true && checkSteps > 0 ? judgeOtherModels(otherModels(d.claims), driver.records, d.model, checkSteps) : undefined;
  const unknownReason = failures.length > 0 || unknown.length === 0 ? undefined : unknown.join('; ');
  const coverage: Record<string, number> = {};
  for (const p of d.properties) if (p.kind === 'sometimes') coverage[p.name] = world.observations.get(p.observation) ?? judged?.observations.get(p.observation) ?? 0;
  const base = {
    verdict: failures.length > 0 ? 'fail' : unknownReason !== undefined ? 'unknown' : 'pass',
    failures, coverage, faults: Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : 1))),
    ops: driver.records.length, opsAfterHeal: driver.records.filter((r) => r.invokeTime >= inputs.schedule.healAt).length, steps: world.steps, timeUs: world.time, trace: world.trace, records: driver.records,
  } as const;
  const withAvailability = judged === undefined ? base : { ...base, availability: { judged: judged.judged, slowestUs: judged.slowestUs } };
  const withModels = models === undefined ? withAvailability : { ...withAvailability, models };
  return unknownReason === undefined ? withModels : { ...withModels, unknownReason };
}

/** The refinement monitor's options for `d`. */
function refinementOptions(d: SubsystemDescriptor, opts: SimulateOptions): RefinementOptions {
  const maxChain = d.refinement?.maxChain ?? d.cluster.clients;
  return opts.refinementSearchLimit === undefined ? { maxChain } : { maxChain, searchLimit: opts.refinementSearchLimit };
}
