const SAFE_ARGUMENT = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Joins arguments into a command line a POSIX shell reads back unchanged,
 * single-quoting those that need it; used for suggested follow-up commands.
 */
export function shellQuote(argumentsToQuote: readonly string[]): string {
  return argumentsToQuote
    .map((argument) => (SAFE_ARGUMENT.test(argument) ? argument : `'${argument.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}
