/**
 * Makes text from an LLM or a user's app safe to print in a terminal: control
 * characters (which could carry ANSI escape sequences that rewrite the screen)
 * become visible escapes, newlines become `⏎`, and the result is cut to
 * `maxLength` characters with an ellipsis.
 */
export function formatUntrustedText(text: string, maxLength = 80): string {
  const visible = text
    .replace(/\r?\n/gu, '⏎')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/gu, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return visible.length > maxLength ? `${visible.slice(0, maxLength - 1)}…` : visible;
}
