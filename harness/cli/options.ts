/**
 * Parsing of numeric command-line options into one clear usage error.
 */
import { UsageError } from '../../traces/errors.js';

/** Parse `raw` as a positive number (integer unless `float`), or throw a UsageError naming the option. */
export function parsePositive(name: string, raw: string, o: { float?: boolean; allowZero?: boolean } = {}): number {
  const n = Number(raw);
  const okNumber = raw.trim() !== '' && Number.isFinite(n) && (o.float === true || Number.isInteger(n));
  if (!okNumber || n < 0 || (n === 0 && o.allowZero !== true)) {
    const what = o.float === true ? 'number' : 'integer';
    throw new UsageError(`${name} must be a ${o.allowZero === true ? 'non-negative' : 'positive'} ${what}, got "${raw}"`);
  }
  return n;
}
