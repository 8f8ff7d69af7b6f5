/**
 * The version of quorate, from package.json, found by self-reference so it
 * works from source and from dist/. Every trace header records it. Kept in a
 * module of its own so that a command that needs only the version (all of
 * them) does not load the whole library through index.ts.
 */
import { createRequire } from 'node:module';

/** The version of quorate. */
export const VERSION: string = (createRequire(import.meta.url)('quorate/package.json') as { version: string }).version;
