/**
 * The `replica-state` check of the primary-backup store: what a server
 * reports after each entry it applies (`applied`: its op number and state
 * digest, replica.ts) against spec/replica-state.ts's ghost, one per world.
 */
import type { NodeId, StepObservation } from '../actor.js';
import { checkReplicaState, initReplicaStates, type ReplicaStates } from '../../spec/replica-state.js';

/** The part of the harness's WorldView this check reads. */
export interface ReportingView {
  readonly steps: number;
  /** The observations with a detail made in the step just run (the harness's `WorldView.stepObservations`). */
  readonly stepObservations?: readonly StepObservation[];
}

const ghosts = new WeakMap<object, { at: number; states: ReplicaStates }>();

/** Checks the states server `node` reported in the step just run (undefined: all agree with the ghost). */
export function replicaStateCheck(view: ReportingView, node: NodeId): string | undefined {
  const obs = view.stepObservations;
  if (obs === undefined || obs.length === 0) return undefined;
  let g = ghosts.get(view);
  if (g === undefined || view.steps < g.at) ghosts.set(view, (g = { at: view.steps, states: initReplicaStates() }));
  g.at = view.steps;
  for (const o of obs) {
    if (o.node !== node || o.name !== 'applied') continue;
    const d = o.detail as { index: number; digest: number };
    const f = checkReplicaState(g.states, node, d.index, d.digest);
    if (f !== undefined) return f;
  }
  return undefined;
}
