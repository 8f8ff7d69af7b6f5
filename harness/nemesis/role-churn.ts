/**
 * A churn of a role (`nemesis.roleChurn` of a descriptor): after an
 * 'isolate-role' fault with `churn` = n cut the holder off from the servers,
 * every server that takes the role next is cut off in turn, `delayUs` after
 * the world first shows it holding it, n times in all; each cut makes the
 * server cut off before the only bridge between the two halves of the
 * remaining servers (`bridgeAround`). Raft's Figure 8 is such a sequence:
 * leaders that each leave an uncommitted tail, an old one re-elected with a
 * newer one in the wings. The role is watched after every server step, so
 * the cut follows an election by the same few milliseconds whatever the
 * timeouts are.
 */
import type { NodeId } from '../../impl/actor.js';
import type { World } from '../sim/types.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { bridgeAround } from './partition-shapes.js';

/** The churn state of one run: at most one churn at a time. */
export class RoleChurn {
  private cur: { role: string; cut: NodeId; left: number; delayUs: number; pending: boolean } | undefined;

  constructor(
    private readonly world: World,
    private readonly descriptor: SubsystemDescriptor,
    private readonly servers: readonly NodeId[],
  ) {
    world.onStep((_view, node) => this.watch(node));
  }

  /** The role being churned, if a churn is in progress. */
  get role(): string | undefined {
    return this.cur?.role;
  }

  /** Start churning `role` from `cut` (already cut off from the servers) for `rounds` more holders. */
  start(role: string, cut: NodeId, rounds: number, delayUs: number): void {
    this.cur = rounds > 0 ? { role, cut, left: rounds, delayUs, pending: false } : undefined;
  }

  /** End the churn (the final heal); the partition stays as it is. */
  stop(): void {
    this.cur = undefined;
  }

  /** After a server step: a new holder of the role is cut off `delayUs` later. */
  private watch(node: NodeId): void {
    const c = this.cur;
    if (c === undefined || c.pending || !this.servers.includes(node)) return;
    const holder = this.descriptor.role?.(this.world, c.role);
    if (holder === undefined || holder === c.cut) return;
    c.pending = true;
    this.world.at(this.world.time + c.delayUs, () => this.cutNext(c));
  }

  private cutNext(c: NonNullable<RoleChurn['cur']>): void {
    c.pending = false;
    if (this.cur !== c) return;
    const node = this.descriptor.role?.(this.world, c.role);
    if (node === undefined || node === c.cut) return;
    this.world.partition(bridgeAround(c.cut, node, this.servers, `isolate-role:${c.role}=${node}/servers/churn(bridge ${c.cut})`));
    c.cut = node;
    if (--c.left === 0) this.cur = undefined;
  }
}
