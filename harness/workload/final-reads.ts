/**
 * The final reads that let `eventual` be judged (spec/consistency/eventual.ts):
 * once the workload has ended and the schedule's final heal has passed, the
 * runner waits a quiet period, then reads every key on every server directly
 * (`f: "final-read"`, input: the server), so the check sees what each replica
 * converged to. The clients take the servers in turn, one process each.
 */
import type { NodeId } from '../../impl/actor.js';
import { FINAL_READ } from '../../spec/consistency/eventual.js';
import type { FinalReadOptions, WorkloadOp } from '../subsystems/descriptor.js';

/** Per-client lists of final reads: server i is read by client i mod clients, starting `waitUs` from now. */
export function finalReadPhase(o: FinalReadOptions, servers: readonly NodeId[], clients: number, waitUs: number): WorkloadOp[][] {
  const slots: WorkloadOp[][] = Array.from({ length: clients }, () => []);
  servers.forEach((server, i) => {
    const slot = slots[i % clients]!;
    for (const key of o.keys) slot.push({ f: FINAL_READ, key, value: server, thinkUs: slot.length === 0 ? waitUs : 0 });
  });
  return slots;
}
