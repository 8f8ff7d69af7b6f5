/**
 * Node names of a simulated cluster: servers `n1..nN`, clients `c1..cK`
 * (impl/actor.ts, NodeId).
 */
import type { NodeId } from '../../impl/actor.js';

/** The server ids `n1..nN`. */
export function serverIds(n: number): NodeId[] {
  return Array.from({ length: n }, (_, i) => `n${i + 1}`);
}

/** The client ids `c1..cK`. */
export function clientIds(k: number): NodeId[] {
  return Array.from({ length: k }, (_, i) => `c${i + 1}`);
}
