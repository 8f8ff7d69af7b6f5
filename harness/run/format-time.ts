/**
 * Virtual times in reports: microseconds shown as milliseconds with three
 * decimals (`12.345 ms`), since simulated latencies are fractional.
 */

/** `us` microseconds as `N.NNN ms`. */
export function fmtTime(us: number): string {
  return `${(us / 1000).toFixed(3)} ms`;
}
