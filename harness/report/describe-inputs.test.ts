import { describe, expect, it } from 'vitest';
import type { RunInputs } from '../nemesis/schedule.js';
import { describeFault, describeInputs } from './describe-inputs.js';

describe('describing a run\'s inputs', () => {
  it('lists few requests one by one, many as counts, and every fault in time order with the final heal', () => {
    const inputs: RunInputs = {
      worldSeed: 1,
      workload: [
        [{ f: 'put', key: 'x', value: '1.1', thinkUs: 0 }, { f: 'get', key: 'x', value: null, thinkUs: 5 }],
        [],
        Array.from({ length: 6 }, (_, i) => ({ f: i < 4 ? 'get' : 'append', key: 'y', value: i < 4 ? null : `3.${i}`, thinkUs: 0 })),
      ],
      schedule: {
        healAt: 10_000_000,
        events: [
          { at: 2_300_000, kind: 'partition-halves', order: ['n1', 'n2', 'n3', 'n4'] },
          { at: 2_400_000, kind: 'crash-minority', nodes: ['n2'], quietUs: 7_600_000 },
          { at: 3_000_000, kind: 'heal' },
        ],
      },
    };
    expect(describeInputs(inputs, [], '  ')).toEqual([
      '  requests: c1 put x "1.1", get x; c3 6 requests (4 get, 2 append)',
      '   2300.000 ms  partition-halves [n1 n2 | n3 n4]',
      '   2400.000 ms  crash-minority n2, configuration held for 7600.000 ms',
      '   3000.000 ms  heal',
      '  10000.000 ms  final heal',
    ]);
  });

  it('names what a role fault does', () => {
    expect(describeFault({ at: 0, kind: 'isolate-role', role: 'leader', scope: 'servers', skew: 0.05, holdUs: 1_500_000 }))
      .toBe('isolate-role leader, from the servers only, clocks skewed ±5 %, network held 1500.000 ms');
    expect(describeFault({ at: 0, kind: 'clock-drift', node: 'n1', drift: -0.05, role: 'leader', othersDrift: 0.05 })).toBe('clock-drift leader -5.0 % (others 5.0 %)');
  });
});
