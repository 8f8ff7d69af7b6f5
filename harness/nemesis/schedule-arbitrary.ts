/**
 * fast-check arbitraries of fault schedules for one subsystem. A schedule is
 * a list of fault episodes; an episode is a fault and, optionally, its end (a
 * heal after a partition, a restart after a crash) — flattened into timed
 * events. Shrinking drops episodes, moves them earlier and drops their ends
 * (the final heal at `healAt` still ends everything).
 */
import * as fc from 'fast-check';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { clientIds, serverIds } from '../run/node-ids.js';
import type { FaultKind } from './fault-kinds.js';
import type { FaultEvent, Schedule } from './schedule.js';
import { faultsTolerated } from '../../spec/quorum.js';

/** Default share of `bounds.timeUs` during which faults happen. */
export const DEFAULT_WINDOW_SHARE = 0.4;
/** Default maximum number of fault episodes per schedule. */
export const DEFAULT_MAX_FAULTS = 6;
/** Largest wall-clock jump, µs (either direction). */
export const MAX_CLOCK_JUMP_US = 10_000_000;

/** Options of `scheduleArbitrary`. */
export interface ScheduleOptions {
  /** Kinds to draw from (default: the descriptor's `faults`). */
  readonly kinds?: readonly FaultKind[];
  /** Every schedule contains at least one fault of this kind (for tests). */
  readonly force?: FaultKind;
}

/** When the final heal happens for this subsystem, µs. */
export function healTime(d: SubsystemDescriptor): number {
  return d.nemesis?.windowUs ?? Math.floor(d.bounds.timeUs * DEFAULT_WINDOW_SHARE);
}

/** The arbitrary of one kind's episode: its fault event and maybe the event that ends it. */
function episode(d: SubsystemDescriptor, kind: FaultKind, window: number): fc.Arbitrary<FaultEvent[]> {
  const servers = serverIds(d.cluster.servers);
  const all = [...servers, ...clientIds(d.cluster.clients)];
  const start = d.nemesis?.startUs;
  // With a start time, fault times are uniform in [start, window) (fast-check otherwise favours times near 0).
  const at = start === undefined ? fc.integer({ min: 0, max: window - 1 }) : fc.noBias(fc.integer({ min: Math.min(start, window - 1), max: window - 1 }));
  const end = fc.option(fc.integer({ min: Math.max(1, Math.floor(window / 20)), max: window }), { nil: undefined });
  const server = fc.constantFrom(...servers);
  const anyNode = fc.constantFrom(...all);
  const perm = (nodes: readonly string[]) => fc.shuffledSubarray([...nodes], { minLength: nodes.length, maxLength: nodes.length });
  // f: the servers a crash-minority may take down, one fewer than a crash-majority does.
  const f = d.availability?.faultsTolerated ?? faultsTolerated(servers.length);
  const healed = (e: FaultEvent, after: number | undefined): FaultEvent[] =>
    after === undefined ? [e] : [e, { at: e.at + after, kind: 'heal' }];
  switch (kind) {
    case 'partition-halves':
      return fc.tuple(at, perm(all), end).map(([t, order, d2]) => healed({ at: t, kind, order }, d2));
    case 'bridge':
    case 'majorities-ring':
      return fc.tuple(at, perm(servers), end).map(([t, order, d2]) => healed({ at: t, kind, order }, d2));
    case 'isolate-one':
    case 'one-way':
      return fc.tuple(at, server, end).map(([t, node, d2]) => healed({ at: t, kind, node }, d2));
    case 'isolate-role': {
      const roles = d.roles ?? ['primary'];
      if (d.nemesis?.isolateRoleFromServers !== true) {
        return fc.tuple(at, fc.constantFrom(...roles), end).map(([t, role, d2]) => healed({ at: t, kind, role }, d2));
      }
      const skew = d.nemesis?.skewOthers === true ? { skew: d.clock.maxDrift } : {};
      const holdUs = d.nemesis?.isolateRoleHoldUs;
      const hold = holdUs === undefined ? {} : { holdUs };
      const full = fc.tuple(at, fc.constantFrom(...roles), end).map(([t, role, d2]) => healed({ at: t, kind, role }, d2));
      const fromServers = fc.tuple(at, fc.constantFrom(...roles), end).map(([t, role, d2]) => healed({ at: t, kind, role, scope: 'servers', ...skew, ...hold }, d2));
      if (d.nemesis?.roleChurn !== true) return fc.oneof(full, fromServers);
      // With churns: a sixth cut the holder off from every node, a third from the servers only, half churn.
      // A churn takes a few election timeouts to play out: it starts in the first half of the fault window.
      const early = start === undefined ? fc.integer({ min: 0, max: Math.floor(window / 2) }) : fc.noBias(fc.integer({ min: Math.min(start, window - 1), max: Math.floor((Math.min(start, window - 1) + window) / 2) }));
      const churn = fc
        .tuple(early, fc.constantFrom(...roles), fc.integer({ min: 3, max: 5 }), fc.integer({ min: 1_000, max: 10_000 }))
        .map(([t, role, n, delayUs]): FaultEvent[] => [{ at: t, kind, role, scope: 'servers', churn: n, churnDelayUs: delayUs }]);
      return fc.oneof({ weight: 1, arbitrary: full }, { weight: 2, arbitrary: fromServers }, { weight: 3, arbitrary: churn });
    }
    case 'crash-restart':
    case 'kill-disk-loss':
      return fc.tuple(at, server, end).map(([t, node, d2]) => {
        const crash: FaultEvent = { at: t, kind, node };
        return d2 === undefined ? [crash] : [crash, { at: t + d2, kind: 'restart', node }];
      });
    case 'crash-client': {
      const clients = clientIds(d.cluster.clients);
      return fc.tuple(at, fc.constantFrom(...clients), end).map(([t, node, d2]) => {
        const crash: FaultEvent = { at: t, kind, node };
        return d2 === undefined ? [crash] : [crash, { at: t + d2, kind: 'restart', node }];
      });
    }
    case 'crash-minority': {
      // Early enough that writes invoked in it can be judged before the final heal restarts everyone.
      const first = Math.min(start ?? 0, window - 1);
      const latest = Math.max(first, window - (d.availability?.boundUs ?? Math.floor(window / 4)) - Math.floor(window / 10));
      return fc
        .tuple(fc.noBias(fc.integer({ min: first, max: latest })), fc.integer({ min: Math.min(1, f), max: f }), perm(servers))
        .map(([t, k, order]): FaultEvent[] => [{ at: t, kind, nodes: order.slice(0, k), quietUs: window - t }]);
    }
    case 'crash-majority': {
      return fc
        .tuple(at, perm(servers), fc.integer({ min: Math.max(1, Math.floor(window / 20)), max: Math.floor(window / 4) }))
        .map(([t, order, after]): FaultEvent[] => {
          const nodes = order.slice(0, Math.min(servers.length, f + 1));
          return [{ at: t, kind, nodes }, ...nodes.map((node): FaultEvent => ({ at: t + after, kind: 'restart', node }))];
        });
    }
    case 'clock-drift': {
      const onNode = fc
        .tuple(at, anyNode, d.nemesis?.extremeDrift === true ? fc.constantFrom(-1000, 1000) : fc.integer({ min: -1000, max: 1000 }))
        .map(([t, node, k]): FaultEvent[] => [{ at: t, kind, node, drift: (k * d.clock.maxDrift) / 1000 }]);
      const slow = d.nemesis?.slowRole;
      if (slow === undefined) return onNode;
      // Half the drift faults slow down the role holder's clock as far as the bound allows.
      const others = d.nemesis?.skewOthers === true ? { othersDrift: d.clock.maxDrift } : {};
      const onRole = at.map((t): FaultEvent[] => [{ at: t, kind, node: slow, role: slow, drift: -d.clock.maxDrift, ...others }]);
      return fc.oneof(onNode, onRole);
    }
    case 'clock-jump':
      return fc
        .tuple(at, anyNode, fc.integer({ min: -MAX_CLOCK_JUMP_US, max: MAX_CLOCK_JUMP_US }))
        .map(([t, node, jumpUs]) => [{ at: t, kind, node, jumpUs }]);
    case 'loss-burst':
    case 'dup-burst':
      return fc
        .tuple(at, fc.integer({ min: 1, max: 9 }), fc.integer({ min: Math.max(1, Math.floor(window / 50)), max: Math.floor(window / 4) }))
        .map(([t, k, durationUs]) => [{ at: t, kind, p: k / 10, durationUs }]);
  }
}

/** A kind's relative frequency (the descriptor's `nemesis.weights`, default 1). */
function weightOf(d: SubsystemDescriptor, kind: FaultKind): number {
  return d.nemesis?.weights?.[kind] ?? 1;
}

/** Schedules of the descriptor's fault kinds, sorted by time, ending with the final heal at `healTime(d)`. */
export function scheduleArbitrary(d: SubsystemDescriptor, opts: ScheduleOptions = {}): fc.Arbitrary<Schedule> {
  const window = healTime(d);
  const kinds = opts.kinds ?? (d.faults as FaultKind[]);
  const maxFaults = d.nemesis?.maxFaults ?? DEFAULT_MAX_FAULTS;
  const episodes = kinds.length === 0
    ? fc.constant([] as FaultEvent[][])
    : d.nemesis?.weights === undefined
      ? fc.array(fc.oneof(...kinds.map((k) => episode(d, k, window))), { maxLength: maxFaults })
      : fc.array(fc.oneof(...kinds.filter((k) => weightOf(d, k) > 0).map((k) => ({ weight: weightOf(d, k), arbitrary: episode(d, k, window) }))), { maxLength: maxFaults });
  const forced = opts.force === undefined ? fc.constant([] as FaultEvent[]) : episode(d, opts.force, window);
  return fc.tuple(forced, episodes).map(([f, es]) => {
    const events = [...f, ...es.flat()].filter((e) => e.at < window);
    events.sort((a, b) => a.at - b.at);
    return { events, healAt: window };
  });
}
