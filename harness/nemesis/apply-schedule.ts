/**
 * Plays a fault schedule into a world: each event becomes a world call at its
 * virtual time. The world records the faults it applies (partition, heal,
 * crash, restart, clock, net events); this file records only what the world
 * cannot know — a fault skipped because its target was not there. A fault on
 * a role is resolved when it fires, and the resolved node is part of the
 * partition's shape name (`isolate-role:primary=n2`, `…=n2/servers` when only
 * the servers are cut off from it) and its groups. A
 * descriptor's `nemesis.maxDiskLoss` caps the distinct servers that lose
 * their disks in one schedule (protocols assume stable storage on a majority).
 */
import type { NodeId } from '../../impl/actor.js';
import type { World } from '../sim/types.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { bridge, halves, isolate, majoritiesRing, oneWay } from './partition-shapes.js';
import { RoleChurn } from './role-churn.js';
import type { FaultEvent, Schedule } from './schedule.js';

/** Fault kinds that replace the connectivity matrix (a heal too). */
const PARTITIONS: ReadonlySet<string> = new Set(['partition-halves', 'bridge', 'majorities-ring', 'isolate-one', 'one-way', 'isolate-role']);

/** Counts of applied fault events by kind (`heal`, `restart`, `final-heal` included). */
export type FaultCounts = Map<string, number>;

/** What the applier needs besides the world. */
export interface ApplyContext {
  readonly descriptor: SubsystemDescriptor;
  readonly servers: readonly NodeId[];
  readonly clients: readonly NodeId[];
}

/** Installs every event of `schedule` and the final heal; returns the live counts of applied faults. */
export function applySchedule(world: World, schedule: Schedule, ctx: ApplyContext): FaultCounts {
  const counts: FaultCounts = new Map();
  const all = [...ctx.servers, ...ctx.clients];
  const base = { loss: ctx.descriptor.network.loss, duplicate: ctx.descriptor.network.duplicate };
  const net = { ...base, lossToken: 0, dupToken: 0 };
  const drifted = new Set<NodeId>();
  const wiped = new Set<NodeId>();
  const maxDiskLoss = ctx.descriptor.nemesis?.maxDiskLoss ?? Infinity;
  const count = (k: string): void => void counts.set(k, (counts.get(k) ?? 0) + 1);
  const skip = (e: FaultEvent, why: string): void =>
    world.note({ type: 'nemesis', time: world.time, phase: 'skip', f: e.kind, value: why });
  let holdUntil = 0;
  let quietUntil = 0;
  const churn = schedule.events.some((e) => e.kind === 'isolate-role' && e.churn !== undefined) ? new RoleChurn(world, ctx.descriptor, ctx.servers) : undefined;
  const pushNet = (): void =>
    world.setNetFaults(net.loss === base.loss && net.duplicate === base.duplicate ? undefined : { loss: net.loss, duplicate: net.duplicate });
  // Ends every loss/duplication burst now; their scheduled ends (older tokens) then do nothing.
  const endNetFaults = (): void => {
    net.lossToken++;
    net.dupToken++;
    if (net.loss === base.loss && net.duplicate === base.duplicate) return;
    net.loss = base.loss;
    net.duplicate = base.duplicate;
    pushNet();
  };

  const fire = (e: FaultEvent): void => {
    // A churn holds the network until its last cut, a role cut with holdUs for that long: partitions, heals and
    // crash-minority faults (which heal the network) meanwhile are skipped.
    if (PARTITIONS.has(e.kind) || e.kind === 'heal' || ((e.kind === 'crash-minority' || e.kind === 'crash-majority') && e.quietUs !== undefined)) {
      if (churn?.role !== undefined) return skip(e, `a churn of "${churn.role}" holds the network`);
      if (world.time < holdUntil) return skip(e, `an isolate-role fault holds the network until ${holdUntil} µs`);
    }
    // A crash-minority holds the configuration: no partition, burst, crash or restart until its end (clock faults go on).
    if (e.kind !== 'clock-drift' && e.kind !== 'clock-jump' && world.time < quietUntil) {
      return skip(e, `a crash-minority holds the configuration until ${quietUntil} µs`);
    }
    switch (e.kind) {
      case 'partition-halves':
        world.partition(halves(e.order));
        break;
      case 'bridge':
        world.partition(bridge(e.order));
        break;
      case 'majorities-ring':
        world.partition(majoritiesRing(e.order));
        break;
      case 'isolate-one':
        world.partition(isolate(e.node, all));
        break;
      case 'one-way':
        world.partition(oneWay(e.node, all));
        break;
      case 'isolate-role': {
        const node = ctx.descriptor.role?.(world, e.role);
        if (node === undefined) return skip(e, `no node holds role "${e.role}"`);
        if (e.skew !== undefined) {
          for (const n of ctx.servers) {
            world.setDrift(n, n === node ? -e.skew : e.skew);
            drifted.add(n);
          }
        }
        if (e.churn !== undefined) churn?.start(e.role, node, e.churn, e.churnDelayUs ?? 0);
        if (e.holdUs !== undefined) holdUntil = world.time + e.holdUs;
        if (e.scope === 'servers') world.partition(isolate(node, ctx.servers, `isolate-role:${e.role}=${node}/servers${e.churn === undefined ? '' : '/churn'}`));
        else world.partition(isolate(node, all, `isolate-role:${e.role}=${node}`));
        break;
      }
      case 'crash-restart':
      case 'kill-disk-loss':
        if (!world.isUp(e.node)) return skip(e, `${e.node} is already down`);
        if (e.kind === 'kill-disk-loss' && !wiped.has(e.node)) {
          if (wiped.size >= maxDiskLoss) return skip(e, `disk-loss limit: ${[...wiped].join(',')} already lost their disks (at most ${maxDiskLoss})`);
          wiped.add(e.node);
        }
        world.crash(e.node, { diskLoss: e.kind === 'kill-disk-loss' });
        break;
      case 'crash-client':
        if (!world.isUp(e.node)) return skip(e, `${e.node} is already down`);
        world.crash(e.node, { diskLoss: false });
        break;
      case 'crash-minority':
      case 'crash-majority': {
        if (e.quietUs !== undefined) {
          quietUntil = Math.max(quietUntil, world.time + e.quietUs);
          world.heal();
          endNetFaults();
        }
        const live = e.nodes.filter((n) => world.isUp(n));
        // A crash-minority holds the configuration even when its servers are down already (or f = 0).
        if (live.length === 0 && e.quietUs === undefined) return skip(e, `${e.nodes.join(',')} are already down`);
        for (const n of live) world.crash(n, { diskLoss: false });
        break;
      }
      case 'restart':
        if (world.isUp(e.node)) return skip(e, `${e.node} is up`);
        world.restart(e.node);
        break;
      case 'heal':
        world.heal();
        break;
      case 'clock-drift': {
        const node = e.role === undefined ? e.node : ctx.descriptor.role?.(world, e.role);
        if (node === undefined) return skip(e, `no node holds role "${e.role ?? ''}"`);
        if (e.othersDrift !== undefined) {
          for (const n of ctx.servers) {
            if (n === node) continue;
            world.setDrift(n, e.othersDrift);
            drifted.add(n);
          }
        }
        world.setDrift(node, e.drift);
        drifted.add(node);
        break;
      }
      case 'clock-jump':
        world.jumpWallClock(e.node, e.jumpUs);
        break;
      case 'loss-burst':
      case 'dup-burst': {
        const isLoss = e.kind === 'loss-burst';
        const token = isLoss ? ++net.lossToken : ++net.dupToken;
        if (isLoss) net.loss = e.p;
        else net.duplicate = e.p;
        pushNet();
        // The burst ends after its duration unless a later burst of the same kind replaced it.
        world.at(Math.min(e.at + e.durationUs, schedule.healAt), () => {
          if (isLoss ? net.lossToken !== token : net.dupToken !== token) return;
          if (isLoss) net.loss = base.loss;
          else net.duplicate = base.duplicate;
          pushNet();
        });
        break;
      }
    }
    count(e.kind);
  };

  for (const e of schedule.events) world.at(e.at, () => fire(e));
  world.at(schedule.healAt, () => {
    churn?.stop();
    world.heal();
    for (const n of [...ctx.servers, ...ctx.clients]) if (!world.isUp(n)) world.restart(n);
    for (const n of drifted) world.setDrift(n, 0);
    endNetFaults();
    count('final-heal');
  });
  return counts;
}
