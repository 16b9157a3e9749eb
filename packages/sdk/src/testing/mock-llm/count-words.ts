/**
 * The mock's token count: the whitespace-separated words of `text`, at least
 * 1, so that usage is deterministic and never zero.
 */
export function countWords(text: string): number {
  const words = text.split(/\s+/).filter((word) => word !== '').length;
  return Math.max(1, words);
}
