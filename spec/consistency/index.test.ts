import { describe, expect, it } from 'vitest';
import { sequentialHistory } from '../../harness/check/testing/consistency-arbitraries.js';
import type { Model } from '../model.js';
import { registerModel } from '../register.js';
import { CONSISTENCY_MODELS, checkByDefinition, consistencyModelNamed } from './index.js';

const reg = registerModel as Model;

describe('consistency models by name', () => {
  it('knows every name of DESIGN.md, and causal as cm', () => {
    expect([...CONSISTENCY_MODELS].sort()).toEqual(
      ['cc', 'ccv', 'cm', 'eventual', 'linearizable', 'monotonic-reads', 'monotonic-writes', 'read-your-writes', 'sequential', 'writes-follow-reads'].sort(),
    );
    expect(consistencyModelNamed('causal')).toBe('cm');
    expect(consistencyModelNamed('cm')).toBe('cm');
    expect(consistencyModelNamed('strong')).toBeUndefined();
  });

  it('checks a history by each definition, in the verdict vocabulary', () => {
    // Dekker: causal (every variant), every session guarantee, but not sequential.
    const dekker = sequentialHistory([0, 'write', 'x', 1], [1, 'write', 'y', 1], [0, 'read', 'y', null], [1, 'read', 'x', null]);
    const verdicts = Object.fromEntries(CONSISTENCY_MODELS.map((m) => [m, checkByDefinition(m, dekker, { model: reg }).verdict]));
    expect(verdicts).toEqual({
      linearizable: 'not-linearizable',
      sequential: 'not-sequential',
      cm: 'cm',
      ccv: 'ccv',
      cc: 'cc',
      'read-your-writes': 'read-your-writes',
      'monotonic-reads': 'monotonic-reads',
      'monotonic-writes': 'monotonic-writes',
      'writes-follow-reads': 'writes-follow-reads',
      eventual: 'unknown',
    });
  });

  it('falls back to the brute-force causal definition when the history is not differentiated', () => {
    const twice = sequentialHistory([0, 'write', 'x', 1], [1, 'write', 'x', 1], [2, 'read', 'x', 1]);
    expect(checkByDefinition('cc', twice, { model: reg }).verdict).toBe('cc');
    expect(checkByDefinition('read-your-writes', twice, { model: reg }).verdict).toBe('unknown');
  });
});
