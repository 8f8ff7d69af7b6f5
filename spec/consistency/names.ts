/**
 * The names of the consistency models and how they are ordered (the ladder is
 * drawn in index.ts). Kept apart from the definitions so that a command line
 * can list and parse names without loading any checker.
 */
/** Every consistency model's name (`causal` is an alias of `cm`). */
export const CONSISTENCY_MODELS = [
  'linearizable',
  'sequential',
  'cm',
  'ccv',
  'cc',
  'read-your-writes',
  'monotonic-reads',
  'monotonic-writes',
  'writes-follow-reads',
  'eventual',
] as const;

/** A consistency model's name. */
export type ConsistencyModel = (typeof CONSISTENCY_MODELS)[number];

/** Other names accepted for a model. */
export const CONSISTENCY_ALIASES: Readonly<Record<string, ConsistencyModel>> = { causal: 'cm' };

/** The models each model directly implies (the ladder above). */
export const IMPLIES: Readonly<Record<ConsistencyModel, readonly ConsistencyModel[]>> = {
  linearizable: ['sequential'],
  sequential: ['cm', 'ccv'],
  cm: ['cc'],
  ccv: ['cc'],
  cc: [],
  'read-your-writes': [],
  'monotonic-reads': [],
  'monotonic-writes': [],
  'writes-follow-reads': [],
  eventual: [],
};

/** The model called `name` (or its alias), or undefined. */
export function consistencyModelNamed(name: string): ConsistencyModel | undefined {
  return (CONSISTENCY_MODELS as readonly string[]).includes(name) ? (name as ConsistencyModel) : CONSISTENCY_ALIASES[name];
}
