import { describe, expect, it } from 'vitest';
import type { Actor, ActorContext, ClientActor } from '../../impl/actor.js';
import { createWorld } from './world.js';
import type { StepObservation } from './observations.js';

/** A server that observes on every timer: one name without a detail, one with. */
class Observer implements Actor {
  n = 0;
  onStart(ctx: ActorContext): void {
    ctx.setTimer('t', 10);
  }
  onMessage(): void {}
  onTimer(ctx: ActorContext): void {
    this.n++;
    ctx.observe('plain');
    ctx.observe('applied', { index: this.n });
    if (this.n < 3) ctx.setTimer('t', 10);
  }
}

const idle: ClientActor = { onStart() {}, onRequest() {}, onMessage() {}, onTimer() {} };

describe('step observations', () => {
  it('hands a step hook the observations with a detail made in that step, then forgets them', () => {
    const w = createWorld({ seed: 1, servers: ['n1'], clients: [], network: { minLatencyUs: 1, meanExtraLatencyUs: 0, loss: 0, duplicate: 0 }, clock: { maxDrift: 0 }, record: false });
    const seen: StepObservation[][] = [];
    w.onStep((view) => seen.push([...view.stepObservations]));
    w.start(() => new Observer(), () => idle);
    w.run({ until: 1_000, maxSteps: 100 });
    expect(seen).toEqual([[], ...[1, 2, 3].map((index) => [{ node: 'n1', name: 'applied', detail: { index } }])]);
    expect(w.stepObservations).toEqual([]);
    expect(w.observations.get('plain')).toBe(3);
    expect(w.observations.get('applied')).toBe(3);
  });
});
