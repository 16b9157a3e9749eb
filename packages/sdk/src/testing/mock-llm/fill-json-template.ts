const PLACEHOLDER_PREFIX = '\u0000placeholder:';
const QUOTED_PLACEHOLDER = /"<([^<>"\n]*)>"/g;
const BARE_PLACEHOLDER = /<([^<>"\n]*)>/g;
const RANGE = /(?:from|between)\s+(-?\d+(?:\.\d+)?)\s+(?:to|and)\s+(-?\d+(?:\.\d+)?)/i;
const DASH_RANGE = /(-?\d+(?:\.\d+)?)\s*(?:-|–|\.\.)\s*(-?\d+(?:\.\d+)?)/;

interface Placeholder {
  description: string;
  quoted: boolean;
}

/** The `{...}` spans of `text` whose braces balance, last first: by where they end, the outer one before those it holds. */
function braceSpans(text: string): string[] {
  const spans: { start: number; end: number }[] = [];
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let index = start; index < text.length; index += 1) {
      const character = text[index];
      if (inString) {
        if (character === '\\') index += 1;
        else if (character === '"') inString = false;
      } else if (character === '"') inString = true;
      else if (character === '{') depth += 1;
      else if (character === '}') {
        depth -= 1;
        if (depth === 0) {
          spans.push({ start, end: index + 1 });
          break;
        }
      }
    }
  }
  return spans.sort((left, right) => right.end - left.end || left.start - right.start).map(({ start, end }) => text.slice(start, end));
}

/** The value a placeholder stands for, read from its description: a number at the top of a stated range, a boolean, or text. */
function placeholderValue({ description, quoted }: Placeholder): unknown {
  const trimmed = description.trim();
  // `<positive|negative>`: the first alternative.
  if (/^[^\s|]+(?:\|[^\s|]+)+$/.test(trimmed)) return trimmed.split('|')[0];
  if (quoted) return trimmed;
  if (/\b(?:true|false|boolean)\b/i.test(trimmed)) return true;
  const range = RANGE.exec(trimmed) ?? DASH_RANGE.exec(trimmed);
  if (range !== null) return Math.max(Number(range[1]), Number(range[2]));
  if (/\b(?:number|integer|int|float|score|count|amount|rating)\b/i.test(trimmed)) return 1;
  if (/\b(?:list|array)\b/i.test(trimmed)) return [];
  return trimmed;
}

function fill(value: unknown, placeholders: readonly Placeholder[]): unknown {
  if (typeof value === 'string' && value.startsWith(PLACEHOLDER_PREFIX)) {
    const placeholder = placeholders[Number(value.slice(PLACEHOLDER_PREFIX.length))];
    return placeholder === undefined ? value : placeholderValue(placeholder);
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, placeholders));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, placeholders)]));
  return value;
}

function parseTemplate(span: string): Record<string, unknown> | undefined {
  const placeholders: Placeholder[] = [];
  const token = (description: string, quoted: boolean) => {
    placeholders.push({ description, quoted });
    return JSON.stringify(`${PLACEHOLDER_PREFIX}${placeholders.length - 1}`);
  };
  const json = span.replace(QUOTED_PLACEHOLDER, (_match, description: string) => token(description, true)).replace(BARE_PLACEHOLDER, (_match, description: string) => token(description, false));
  // JSON without placeholders is data the prompt quotes, not a shape it asks for.
  if (placeholders.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    return fill(parsed, placeholders) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Fills the last JSON template of a prompt: a `{...}` object whose values
 * include `<...>` placeholders, as LLM judges ask for
 * `{"score": <an integer from 1 to 5>, "justification": "<a short explanation>"}`.
 * A quoted placeholder becomes its own description (the first alternative of
 * `<a|b|c>`); a bare one the top of a range it states (`from 1 to 5`, `0-10`),
 * `true` when it says boolean, 1 for another number, else its description.
 * Undefined when the text holds no such template.
 *
 * @example
 * fillJsonTemplate('Answer with {"score": <an integer from 1 to 5>, "why": "<one sentence>"}')
 * // { score: 5, why: 'one sentence' }
 */
export function fillJsonTemplate(text: string): Record<string, unknown> | undefined {
  for (const span of braceSpans(text)) {
    const filled = parseTemplate(span);
    if (filled !== undefined) return filled;
  }
  return undefined;
}
