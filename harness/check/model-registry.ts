/**
 * Partition models by name, so a worker thread (which receives plain data,
 * not functions) can find the model of the partitions it is given.
 */
import type { Model } from '../../spec/model.js';
import { registerModel } from '../../spec/register.js';
import { kvKeyModel, kvModel } from '../../spec/kv.js';

/** Models a worker thread can check, by `Model.name`. */
export const PARTITION_MODELS: Readonly<Record<string, Model>> = {
  register: registerModel as Model,
  'kv-key': kvKeyModel as Model,
  kv: kvModel as Model,
};

/** The registered model called `name`, if the registered one is this very model. */
export function registeredModel(model: Model): string | undefined {
  return PARTITION_MODELS[model.name] === model ? model.name : undefined;
}
