import { readFile } from 'node:fs/promises';
import { InvalidParameterError } from '@assay/core';
import type { MockScriptEntry } from './mock-llm-options.js';
import { describeValue, isPlainObject, parseMockReply } from './parse-mock-reply.js';

const ENTRY_KEYS = new Set(['match', 'response', 'embedding']);

/**
 * Checks that `value` is a `MockScriptEntry` and returns it; otherwise throws
 * an `InvalidParameterError` whose message starts with `where`.
 */
export function parseMockScriptEntry(value: unknown, where: string): MockScriptEntry {
  if (!isPlainObject(value)) throw new InvalidParameterError(`${where} must be an object { match?, response?, embedding? }, got ${describeValue(value)}.`);
  const unknownKeys = Object.keys(value).filter((key) => !ENTRY_KEYS.has(key));
  if (unknownKeys.length > 0) throw new InvalidParameterError(`${where} has unknown field(s) ${unknownKeys.join(', ')}; expected match, response, embedding.`);
  const { match, response, embedding } = value;
  if (match !== undefined && typeof match !== 'string') throw new InvalidParameterError(`${where}.match must be a string, got ${describeValue(match)}.`);
  if (response === undefined && embedding === undefined) throw new InvalidParameterError(`${where} needs a response or an embedding.`);
  const entry: MockScriptEntry = {};
  if (match !== undefined) entry.match = match;
  if (response !== undefined) entry.response = parseMockReply(response, `${where}.response`);
  if (embedding !== undefined) {
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((item) => typeof item === 'number' && Number.isFinite(item))) {
      throw new InvalidParameterError(`${where}.embedding must be a non-empty array of finite numbers.`);
    }
    entry.embedding = embedding as number[];
  }
  return entry;
}

/**
 * Parses JSONL script text: one `MockScriptEntry` JSON object per line; blank
 * lines are skipped. Errors name `source` and the line number.
 */
export function parseMockScript(text: string, source: string): MockScriptEntry[] {
  const entries: MockScriptEntry[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InvalidParameterError(`${where}: invalid JSON (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
    }
    entries.push(parseMockScriptEntry(value, `${where}: the entry`));
  });
  return entries;
}

/**
 * Reads a JSONL script file for `MockLlmOptions.script`, e.g.
 * `{"match": "weather", "response": {"toolCalls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]}}`.
 * Throws an `InvalidParameterError` naming the file and line on bad JSON or a bad entry.
 */
export async function loadMockScript(path: string): Promise<MockScriptEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidParameterError(`Cannot read the mock script ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseMockScript(text, path);
}
