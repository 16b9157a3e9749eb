import { readFile } from 'node:fs/promises';
import { InvalidParameterError } from '@assay/core';
import type { MockAnswerRule, MockRuleCondition } from './mock-llm-options.js';
import { describeValue, isPlainObject, parseMockReply } from './parse-mock-reply.js';

const CONDITION_KEYS = new Set(['contains', 'regex', 'tool', 'hasToolResult']);

function parseCondition(value: unknown, where: string): MockRuleCondition {
  if (!isPlainObject(value)) throw new InvalidParameterError(`${where} must be an object { contains?, regex?, tool?, hasToolResult? }, got ${describeValue(value)}.`);
  const unknownKeys = Object.keys(value).filter((key) => !CONDITION_KEYS.has(key));
  if (unknownKeys.length > 0) {
    throw new InvalidParameterError(`${where} has unknown field(s) ${unknownKeys.join(', ')}; expected contains, regex, tool, hasToolResult.`);
  }
  const condition: MockRuleCondition = {};
  for (const key of ['contains', 'regex', 'tool'] as const) {
    const field = value[key];
    if (field === undefined) continue;
    if (typeof field !== 'string') throw new InvalidParameterError(`${where}.${key} must be a string, got ${describeValue(field)}.`);
    condition[key] = field;
  }
  if (condition.regex !== undefined) {
    try {
      new RegExp(condition.regex);
    } catch (error) {
      throw new InvalidParameterError(`${where}.regex is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (value.hasToolResult !== undefined) {
    if (typeof value.hasToolResult !== 'boolean') throw new InvalidParameterError(`${where}.hasToolResult must be true or false, got ${describeValue(value.hasToolResult)}.`);
    condition.hasToolResult = value.hasToolResult;
  }
  return condition;
}

/**
 * Checks that `value` is a `MockAnswerRule` (`{ when, reply }`, with a valid
 * regular expression if any) and returns it; otherwise throws an
 * `InvalidParameterError` whose message starts with `where`.
 */
export function parseMockAnswerRule(value: unknown, where: string): MockAnswerRule {
  if (!isPlainObject(value)) throw new InvalidParameterError(`${where} must be an object { when, reply }, got ${describeValue(value)}.`);
  const unknownKeys = Object.keys(value).filter((key) => key !== 'when' && key !== 'reply');
  if (unknownKeys.length > 0) throw new InvalidParameterError(`${where} has unknown field(s) ${unknownKeys.join(', ')}; expected when and reply.`);
  if (value.reply === undefined) throw new InvalidParameterError(`${where} needs a reply.`);
  return { when: parseCondition(value.when ?? {}, `${where}.when`), reply: parseMockReply(value.reply, `${where}.reply`) };
}

/**
 * Reads a JSON file holding an array of `MockAnswerRule`s for
 * `MockLlmOptions.answers`. Throws an `InvalidParameterError` naming the file
 * (and the rule) on bad JSON or a bad rule.
 */
export async function loadMockRules(path: string): Promise<MockAnswerRule[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `invalid JSON (${error.message})` : error instanceof Error ? error.message : String(error);
    throw new InvalidParameterError(`Cannot read the mock rules ${path}: ${reason}`, { cause: error });
  }
  if (!Array.isArray(value)) throw new InvalidParameterError(`${path}: expected a JSON array of rules { when, reply }, got ${describeValue(value)}.`);
  return value.map((rule: unknown, index) => parseMockAnswerRule(rule, `${path}: rule ${index + 1}`));
}
