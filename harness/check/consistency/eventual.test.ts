import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../spec/models.js';
import { checkEventual } from '../../../spec/consistency/eventual.js';
import { history } from '../testing/ops.js';
import { checkConsistency } from './index.js';

const kv = MODELS.kv;

describe('eventual: the initial value comes from the model', () => {
  // A kv history shrunk to its final reads alone has no put or get to tell a kv register by its names.
  const finalsOnly = history(['invoke', 0, 'final-read', null, 'x'], ['ok', 0, 'final-read', '', 'x'], ['invoke', 1, 'final-read', null, 'x'], ['ok', 1, 'final-read', '', 'x']);

  it('final reads of the kv initial value hold, as the definition says', () => {
    expect(checkEventual(finalsOnly, { model: kv }).verdict).toBe('eventual');
    expect(checkConsistency('eventual', finalsOnly, { model: kv, maxSteps: 1000 }).verdict).toBe('eventual');
  });

  it('a value nothing wrote is still thin air', () => {
    const thin = history(['invoke', 0, 'final-read', null, 'x'], ['ok', 0, 'final-read', 'z', 'x']);
    const r = checkConsistency('eventual', thin, { model: kv, maxSteps: 1000 });
    expect(r.verdict).toBe('not-eventual');
    expect('witness' in r && r.witness.pattern).toBe('final-read-thin-air');
  });
});
