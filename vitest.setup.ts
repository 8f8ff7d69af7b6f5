/**
 * Property tests run from a fixed fast-check seed, so `npm test` is the same
 * run on every machine (a failure in CI reproduces locally). Set
 * QUORATE_FC_SEED to explore other seeds; `QUORATE_FC_SEED=random` draws one.
 */
import * as fc from 'fast-check';

const raw = process.env['QUORATE_FC_SEED'];
if (raw !== 'random') {
  const seed = raw === undefined ? 20_261_126 : Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`QUORATE_FC_SEED must be an integer or "random", got "${raw}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
