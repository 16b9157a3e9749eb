import { errorMessage } from '@assay/core';

/**
 * How a failure reads on an evaluated row: the error's class before its
 * message (`TypeError: the model refused`), as Node prints it, since the class
 * often says more than the message; a plain `Error` as its message alone.
 */
export function describeFailure(error: unknown): string {
  return error instanceof Error && error.name !== 'Error' ? `${error.name}: ${error.message}` : errorMessage(error);
}
