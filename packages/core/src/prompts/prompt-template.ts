import { InvalidParameterError } from '../errors/assay-error.js';
import { describe } from '../validation/validate-entity-key.js';

/** One message of a chat prompt. */
export interface PromptMessage {
  /** e.g. `system`, `user`, `assistant`. */
  role: string;
  /** Text with `{{variable}}` placeholders. */
  content: string;
}

/** A prompt template: text, or a chat (a list of messages), with `{{variable}}` placeholders. */
export type PromptTemplate = string | PromptMessage[];

/** Values for a template's variables; non-strings are written as JSON. */
export type PromptValues = Record<string, unknown>;

/** Options of formatPrompt. */
export interface FormatPromptOptions {
  /** Ignore values no placeholder uses instead of failing (e.g. one value object for several prompts). Default false. */
  allowExtraVariables?: boolean;
}

// `{{ name }}`: a name of letters, digits, `_`, `.` and `-`, spaces inside the braces allowed (MLflow's syntax).
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/gu;
const TEMPLATE_LENGTH = 100_000;

/** Checks a template: non-empty text, or a non-empty list of `{ role, content }` with string fields. */
export function validatePromptTemplate(template: unknown): PromptTemplate {
  if (typeof template === 'string') {
    if (template.trim() === '') throw new InvalidParameterError('A prompt template must not be empty.');
    if (template.length > TEMPLATE_LENGTH) throw new InvalidParameterError(`A prompt template has length ${template.length}, over the limit of ${TEMPLATE_LENGTH} characters.`);
    return template;
  }
  if (!Array.isArray(template) || template.length === 0) {
    throw new InvalidParameterError(`A prompt template is text or a non-empty list of { role, content } messages, got ${describe(template)}.`);
  }
  let length = 0;
  const messages = template.map((message: unknown, index): PromptMessage => {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || role === '' || typeof content !== 'string') {
      throw new InvalidParameterError(`Message ${index} of a chat prompt must be { role: string, content: string }, got role ${describe(role)} and content ${describe(content)}.`);
    }
    length += content.length;
    return { role, content };
  });
  if (length > TEMPLATE_LENGTH) throw new InvalidParameterError(`A chat prompt's messages have ${length} characters, over the limit of ${TEMPLATE_LENGTH}.`);
  return messages;
}

function texts(template: PromptTemplate): string[] {
  return typeof template === 'string' ? [template] : template.map((message) => message.content);
}

/** The variables a template's placeholders name, in order of first use. */
export function promptVariables(template: PromptTemplate): string[] {
  const names = new Set<string>();
  for (const text of texts(template)) for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]!);
  return [...names];
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Fills a template's placeholders. Each placeholder needs a value (an error
 * names the missing ones); a value no placeholder uses is an error too, unless
 * allowExtraVariables. Values are inserted as they are, never re-scanned for
 * placeholders.
 */
export function formatPrompt(template: PromptTemplate, values: PromptValues = {}, options: FormatPromptOptions = {}): PromptTemplate {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new InvalidParameterError(`Prompt values are an object of variable → value, got ${describe(values)}.`);
  }
  const variables = promptVariables(template);
  const missing = variables.filter((name) => !Object.hasOwn(values, name) || values[name] === undefined);
  if (missing.length > 0) {
    throw new InvalidParameterError(`Missing prompt variable${missing.length > 1 ? 's' : ''} ${missing.map((name) => `'${name}'`).join(', ')}: the template uses ${variables.map((name) => `{{${name}}}`).join(', ')}.`);
  }
  const extra = Object.keys(values).filter((name) => !variables.includes(name));
  if (extra.length > 0 && options.allowExtraVariables !== true) {
    throw new InvalidParameterError(
      `Unknown prompt variable${extra.length > 1 ? 's' : ''} ${extra.map((name) => `'${name}'`).join(', ')}: the template uses ${variables.length === 0 ? 'no variables' : variables.map((name) => `{{${name}}}`).join(', ')}. Pass { allowExtraVariables: true } to ignore them.`,
    );
  }
  const fill = (text: string): string => text.replace(PLACEHOLDER, (_, name: string) => asText(values[name]));
  return typeof template === 'string' ? fill(template) : template.map((message) => ({ role: message.role, content: fill(message.content) }));
}
