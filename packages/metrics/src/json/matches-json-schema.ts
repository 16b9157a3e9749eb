import { jsonEqual } from './json-equal.js';
import type { JsonSchema, JsonSchemaObject, JsonSchemaResult } from './json-schema.js';

const MAX_DEPTH = 256;
const ALL_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

interface Validation {
  root: JsonSchema;
  patterns: Map<string, RegExp | Error>;
}

function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function describeValue(value: unknown, limit = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : Number.isFinite(value) ? 'number' : 'non-finite number';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _character of text) length += 1;
  return length;
}

function resolveReference(reference: string, root: JsonSchema): JsonSchema | undefined {
  if (!reference.startsWith('#')) return undefined;
  const pointer = reference.slice(1);
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let current: unknown = root;
  for (const rawToken of pointer.slice(1).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(rawToken).replaceAll('~1', '/').replaceAll('~0', '~');
    } catch {
      return undefined;
    }
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return typeof current === 'boolean' || (typeof current === 'object' && current !== null && !Array.isArray(current)) ? (current as JsonSchema) : undefined;
}

function compilePattern(pattern: string, validation: Validation): RegExp | Error {
  let compiled = validation.patterns.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(pattern, 'u');
    } catch (error) {
      compiled = error instanceof Error ? error : new Error(String(error));
    }
    validation.patterns.set(pattern, compiled);
  }
  return compiled;
}

function isPlainObject<T>(value: T | undefined): value is T & Record<string, JsonSchema> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

function check(value: unknown, schema: JsonSchema, pointer: string, validation: Validation, depth: number): string[] {
  const at = `#${pointer}`;
  if (schema === true) return [];
  if (schema === false) return [`${at}: no value is allowed here (the schema is false)`];
  if (!isSchema(schema)) return [`${at}: the schema is not an object or a boolean: ${describeValue(schema)}`];
  if (depth > MAX_DEPTH) return [`${at}: the schema nests deeper than ${MAX_DEPTH} levels (a $ref cycle?)`];
  const errors: string[] = [];
  const sub = (child: unknown, childSchema: JsonSchema, childPointer: string): string[] => check(child, childSchema, childPointer, validation, depth + 1);
  const s: JsonSchemaObject = schema;

  if (typeof s.$ref === 'string') {
    const target = resolveReference(s.$ref, validation.root);
    if (target === undefined) errors.push(`${at}: cannot resolve $ref ${JSON.stringify(s.$ref)} (only references inside the schema, like #/$defs/name, are supported)`);
    else errors.push(...sub(value, target, pointer));
  }

  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]) as unknown[];
    const unknownType = types.find((type) => typeof type !== 'string' || !ALL_TYPES.has(type));
    if (unknownType !== undefined) errors.push(`${at}: the schema names an unknown type ${describeValue(unknownType)}`);
    else if (!types.some((type) => hasType(value, type as string))) {
      errors.push(`${at}: expected ${types.length === 1 ? `type ${String(types[0])}` : `one of the types ${types.join(', ')}`}, got ${typeOf(value)}`);
      // Keywords for other types would only repeat the mismatch.
      return errors;
    }
  }

  if (s.enum !== undefined && Array.isArray(s.enum) && !s.enum.some((option) => jsonEqual(option, value))) {
    errors.push(`${at}: ${describeValue(value)} is not one of the allowed values ${describeValue(s.enum, 120)}`);
  }
  if (Object.hasOwn(s, 'const') && !jsonEqual(s.const, value)) errors.push(`${at}: expected ${describeValue(s.const)}, got ${describeValue(value)}`);

  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(`${at}: ${value} is less than the minimum ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(`${at}: ${value} is greater than the maximum ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) errors.push(`${at}: ${value} must be greater than ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) errors.push(`${at}: ${value} must be less than ${s.exclusiveMaximum}`);
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
      const quotient = value / s.multipleOf;
      if (Math.abs(quotient - Math.round(quotient)) > 1e-9) errors.push(`${at}: ${value} is not a multiple of ${s.multipleOf}`);
    }
  }

  if (typeof value === 'string') {
    const needsLength = typeof s.minLength === 'number' || typeof s.maxLength === 'number';
    const length = needsLength ? codePointLength(value) : 0;
    if (typeof s.minLength === 'number' && length < s.minLength) errors.push(`${at}: the string has ${length} characters, fewer than minLength ${s.minLength}`);
    if (typeof s.maxLength === 'number' && length > s.maxLength) errors.push(`${at}: the string has ${length} characters, more than maxLength ${s.maxLength}`);
    if (typeof s.pattern === 'string') {
      const regex = compilePattern(s.pattern, validation);
      if (regex instanceof Error) errors.push(`${at}: the schema's pattern ${JSON.stringify(s.pattern)} is not a valid regular expression: ${regex.message}`);
      else if (!regex.test(value)) errors.push(`${at}: ${describeValue(value)} does not match the pattern ${JSON.stringify(s.pattern)}`);
    }
  }

  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push(`${at}: the array has ${value.length} items, fewer than minItems ${s.minItems}`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push(`${at}: the array has ${value.length} items, more than maxItems ${s.maxItems}`);
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
    prefix.forEach((itemSchema, index) => {
      if (index < value.length) errors.push(...sub(value[index], itemSchema, `${pointer}/${index}`));
    });
    if (s.items !== undefined) {
      for (let index = prefix.length; index < value.length; index += 1) errors.push(...sub(value[index], s.items, `${pointer}/${index}`));
    }
    if (s.uniqueItems === true) {
      outer: for (let first = 0; first < value.length; first += 1) {
        for (let second = first + 1; second < value.length; second += 1) {
          if (jsonEqual(value[first], value[second])) {
            errors.push(`${at}: items ${first} and ${second} are equal, but uniqueItems is set`);
            break outer;
          }
        }
      }
    }
  }

  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (Array.isArray(s.required)) {
      for (const name of s.required) {
        if (typeof name === 'string' && !Object.hasOwn(object, name)) errors.push(`${at}: missing the required property ${JSON.stringify(name)}`);
      }
    }
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) errors.push(`${at}: the object has ${keys.length} properties, fewer than minProperties ${s.minProperties}`);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) errors.push(`${at}: the object has ${keys.length} properties, more than maxProperties ${s.maxProperties}`);
    const properties: Record<string, JsonSchema> = isPlainObject(s.properties) ? s.properties : {};
    const patternProperties: Record<string, JsonSchema> = isPlainObject(s.patternProperties) ? s.patternProperties : {};
    for (const key of keys) {
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      let matched = false;
      if (Object.hasOwn(properties, key)) {
        matched = true;
        errors.push(...sub(object[key], properties[key]!, childPointer));
      }
      for (const [pattern, patternSchema] of Object.entries(patternProperties)) {
        const regex = compilePattern(pattern, validation);
        if (regex instanceof Error) {
          errors.push(`${at}: the schema's patternProperties key ${JSON.stringify(pattern)} is not a valid regular expression: ${regex.message}`);
        } else if (regex.test(key)) {
          matched = true;
          errors.push(...sub(object[key], patternSchema, childPointer));
        }
      }
      if (!matched && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) errors.push(`${at}: the property ${JSON.stringify(key)} is not allowed (additionalProperties is false)`);
        else errors.push(...sub(object[key], s.additionalProperties, childPointer));
      }
    }
  }

  if (Array.isArray(s.allOf)) for (const part of s.allOf) errors.push(...sub(value, part, pointer));
  if (Array.isArray(s.anyOf)) {
    const branches = s.anyOf.map((part) => sub(value, part, pointer));
    if (!branches.some((branch) => branch.length === 0)) {
      errors.push(`${at}: does not match any of the ${branches.length} schemas of anyOf (e.g. ${branches[0]?.[0] ?? 'no schemas given'})`);
    }
  }
  if (Array.isArray(s.oneOf)) {
    const branches = s.oneOf.map((part) => sub(value, part, pointer));
    const matching = branches.flatMap((branch, index) => (branch.length === 0 ? [index] : []));
    if (matching.length === 0) errors.push(`${at}: does not match any of the ${branches.length} schemas of oneOf (e.g. ${branches[0]?.[0] ?? 'no schemas given'})`);
    else if (matching.length > 1) errors.push(`${at}: matches ${matching.length} schemas of oneOf (indexes ${matching.join(', ')}), expected exactly one`);
  }
  if (s.not !== undefined && sub(value, s.not, pointer).length === 0) errors.push(`${at}: must not match the schema of "not"`);
  return errors;
}

/**
 * Validates a JSON value against a JSON Schema (draft 2020-12 basics: type
 * (incl. lists of types and `integer`), properties, patternProperties,
 * required, additionalProperties, prefixItems, items, enum, const, numeric
 * bounds, multipleOf, minLength/maxLength (code points), pattern,
 * minItems/maxItems, uniqueItems, min/maxProperties, allOf/anyOf/oneOf/not,
 * and `$ref` to `#`, `#/$defs/...` or any pointer inside the schema).
 * Unsupported keywords (`format`, `if`/`then`, `unevaluated*`, remote `$ref`)
 * are ignored. Never throws: problems with the schema itself are reported as
 * errors.
 *
 * @example
 * matchesJsonSchema({ age: -1 }, { type: 'object', properties: { age: { type: 'integer', minimum: 0 } }, required: ['name'] })
 * // { valid: false, errors: ['#: missing the required property "name"', '#/age: -1 is less than the minimum 0'] }
 */
export function matchesJsonSchema(value: unknown, schema: JsonSchema): JsonSchemaResult {
  const errors = check(value, schema, '', { root: schema, patterns: new Map() }, 0);
  return { valid: errors.length === 0, errors };
}
