/**
 * Exit codes everywhere (DESIGN.md): 0 pass, 1 violation, 2 bad input or
 * usage, 3 inconclusive. With several inputs the worst wins: 2, 1, 3, 0.
 */

/** The exit codes. */
export const EXIT = { pass: 0, violation: 1, usage: 2, unknown: 3, internal: 4 } as const;

const RANK: Record<number, number> = { 0: 0, 3: 1, 1: 2, 2: 3, 4: 4 };

/** The worse of two exit codes by the rule 2 > 1 > 3 > 0. */
export function worstExit(a: number, b: number): number {
  return (RANK[a] ?? 4) >= (RANK[b] ?? 4) ? a : b;
}
