import { InvalidParameterError } from '@assay/core';
import type { MockReply, MockToolCall } from './mock-llm-options.js';

/** True for a plain object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a value for an error message: `null`, `an array`, `the string "x"`, `a number`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function parseToolCall(value: unknown, where: string): MockToolCall {
  if (!isPlainObject(value)) throw new InvalidParameterError(`${where} must be an object { name, arguments }, got ${describeValue(value)}.`);
  const { name, arguments: callArguments } = value;
  if (typeof name !== 'string' || name === '') throw new InvalidParameterError(`${where}.name must be a non-empty string, got ${describeValue(name)}.`);
  if (callArguments === undefined) return { name };
  if (typeof callArguments === 'string' || isPlainObject(callArguments)) return { name, arguments: callArguments };
  throw new InvalidParameterError(`${where}.arguments must be an object or a JSON string, got ${describeValue(callArguments)}.`);
}

/**
 * Checks that `value` is a `MockReply` (a string, or `{ content?, toolCalls? }`
 * with at least one of them) and returns it; otherwise throws an
 * `InvalidParameterError` whose message starts with `where`.
 */
export function parseMockReply(value: unknown, where: string): MockReply {
  if (typeof value === 'string') return value;
  if (!isPlainObject(value)) throw new InvalidParameterError(`${where} must be a string or an object { content?, toolCalls? }, got ${describeValue(value)}.`);
  const unknownKeys = Object.keys(value).filter((key) => key !== 'content' && key !== 'toolCalls');
  if (unknownKeys.length > 0) throw new InvalidParameterError(`${where} has unknown field(s) ${unknownKeys.join(', ')}; expected content and/or toolCalls.`);
  const { content, toolCalls } = value;
  if (content !== undefined && typeof content !== 'string') throw new InvalidParameterError(`${where}.content must be a string, got ${describeValue(content)}.`);
  if (toolCalls !== undefined && !Array.isArray(toolCalls)) throw new InvalidParameterError(`${where}.toolCalls must be an array, got ${describeValue(toolCalls)}.`);
  if (content === undefined && (toolCalls === undefined || toolCalls.length === 0)) {
    throw new InvalidParameterError(`${where} needs content or at least one tool call.`);
  }
  const reply: { content?: string; toolCalls?: MockToolCall[] } = {};
  if (content !== undefined) reply.content = content;
  if (toolCalls !== undefined) reply.toolCalls = toolCalls.map((call: unknown, index) => parseToolCall(call, `${where}.toolCalls[${index}]`));
  return reply;
}
