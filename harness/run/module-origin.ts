/**
 * Where a loaded descriptor came from: a user's module file named on the
 * command line (`quorate run --subsystem ./my-store.ts`). The trace header
 * records it, so `quorate replay TRACE` loads the same file again and can say
 * whether it changed since. Built-in descriptors have no origin.
 */

/** A user's module: its absolute path and the SHA-256 of the file's bytes (the file itself, not what it imports). */
export interface ModuleOrigin {
  readonly path: string;
  readonly sha256: string;
}

const ORIGINS = new WeakMap<object, ModuleOrigin>();
const DESCRIPTOR_FILES = new Map<string, string>();

/** Records that `value` (a descriptor or a model) is the default export of the module at `origin`. */
export function setModuleOrigin(value: object, origin: ModuleOrigin): void {
  ORIGINS.set(value, origin);
  const name = (value as { name?: unknown }).name;
  if (typeof name === 'string' && typeof (value as { server?: unknown }).server === 'function') DESCRIPTOR_FILES.set(name, origin.path);
}

/** How a command line names subsystem `name`: the module file it was loaded from in this process, else its name. */
export function subsystemArgument(name: string): string {
  return DESCRIPTOR_FILES.get(name) ?? name;
}

/** The module `value` was loaded from, or undefined for a built-in. */
export function moduleOrigin(value: object): ModuleOrigin | undefined {
  return ORIGINS.get(value);
}
