import { AssayError, type AssayErrorCode } from '../../errors/assay-error.js';

function describeThrown(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/**
 * Calls `action` and checks that its promise rejects with an AssayError of
 * `code` whose message contains every one of `messageParts`. Only the code is
 * checked, not the class: a remote client rebuilds errors from the code.
 * Returns the error for further checks.
 */
export async function expectAssayError(
  action: () => Promise<unknown>,
  code: AssayErrorCode | undefined,
  ...messageParts: string[]
): Promise<AssayError> {
  let promise: Promise<unknown>;
  try {
    promise = action();
  } catch (error) {
    throw new Error(`Expected a rejected promise, but the call threw synchronously: ${describeThrown(error)}`);
  }
  let rejected = false;
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    rejected = true;
    thrown = error;
  }
  if (!rejected) {
    throw new Error(`Expected an AssayError${code === undefined ? '' : ` with code ${code}`}, but the call succeeded.`);
  }
  if (!AssayError.isInstance(thrown)) {
    throw new Error(`Expected an AssayError, got ${describeThrown(thrown)}`);
  }
  if (code !== undefined && thrown.code !== code) {
    throw new Error(`Expected error code ${code}, got ${thrown.code} (${thrown.message})`);
  }
  for (const part of messageParts) {
    if (!thrown.message.includes(part)) {
      throw new Error(`Expected the error message to contain '${part}', got: ${thrown.message}`);
    }
  }
  return thrown;
}
