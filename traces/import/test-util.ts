/** Test helper: the message of the InputError that `f` throws (fails the test if it throws nothing). */
import { InputError } from '../errors.js';

/** Runs `f` and returns its InputError's message. */
export function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('expected an InputError, got none');
}
