/**
 * `import(specifier)` for what is only known at run time: a user's module,
 * and tsx for a TypeScript one. In a module of its own because the bundle of
 * `quorate check` (tools/bundle.ts) swaps it for an import made by its loader
 * (bundle-loader.cts): code that node:vm runs from a code cache cannot import.
 */
export function dynamicImport(specifier: string): Promise<Record<string, unknown>> {
  return import(specifier) as Promise<Record<string, unknown>>;
}
