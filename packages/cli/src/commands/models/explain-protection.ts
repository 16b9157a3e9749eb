import { AssayError } from '@assay/core';
import { shellQuote } from '../../options/shell-quote.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';

/**
 * The change's result; when it failed because the model is protected, the
 * same error (PERMISSION_DENIED) with the `assay models request` command to
 * run instead, as the store names only the SDK function.
 */
export async function explainProtection<T>(change: Promise<T>, requestArguments: readonly string[]): Promise<T> {
  try {
    return await change;
  } catch (error) {
    if (AssayError.isInstance(error) && error.code === 'PERMISSION_DENIED' && error.message.includes('is protected')) {
      throw new AssayError('PERMISSION_DENIED', `${error.message} From the command line: ${formatUntrustedText(shellQuote(['assay', 'models', 'request', ...requestArguments]), 300)}`, { cause: error });
    }
    throw error;
  }
}
