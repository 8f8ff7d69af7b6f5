/**
 * `--model NAME|PATH` of `quorate check`: a built-in model by name, or a module file whose default
 * export is a Model (checked for its shape at the edge). The module loader, and the hashing it
 * records the file with, load only for a path, so a plain check does not pay for them at start-up.
 */
import type { Model } from '../../spec/model.js';
import { MODELS } from '../../spec/models.js';

/** The model `--model` names, or undefined when it is neither a built-in name nor a module path. */
export async function modelOrModule(name: string): Promise<Model | undefined> {
  if (Object.hasOwn(MODELS, name)) return MODELS[name];
  const { isModulePath, loadModelModule } = await import('../run/user-module.js');
  return isModulePath(name) ? (await loadModelModule(name)).model : undefined;
}
