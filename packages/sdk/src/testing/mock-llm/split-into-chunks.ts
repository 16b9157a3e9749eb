/**
 * Splits text into stream chunks of one word each, keeping the whitespace
 * after a word with it, so that the chunks concatenate back to `text` exactly.
 * Empty text gives no chunks.
 */
export function splitIntoChunks(text: string): string[] {
  return text.split(/(?<=\s)(?=\S)/).filter((chunk) => chunk !== '');
}

/** Splits text into `pieces` parts of about equal length (fewer when the text is shorter); they concatenate to `text`. */
export function splitEvenly(text: string, pieces: number): string[] {
  if (text === '') return [];
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts;
}
