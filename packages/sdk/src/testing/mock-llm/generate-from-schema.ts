import { isPlainObject } from './parse-mock-reply.js';

/** Options of `generateFromSchema`. */
export interface GenerateFromSchemaOptions {
  /** A JSON Schema (draft 2020-12 or draft-07, as tools and structured outputs send them). */
  schema: unknown;
  /** What free-form strings are made of: the answer text, or the last user message for tool arguments. */
  text: string;
}

type Schema = Record<string, unknown>;

interface Generation {
  root: unknown;
  text: string;
}

// Past this depth a recursive schema takes its smallest branch (no optional
// array items, the null branch of an anyOf); past the hard limit it stops.
const SOFT_DEPTH = 4;
const HARD_DEPTH = 32;

/** Fixed, valid examples of the string formats OpenAI's structured outputs and JSON Schema name. */
const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  'date-time': '2023-11-14T22:13:20Z',
  date: '2023-11-14',
  time: '22:13:20Z',
  duration: 'PT1M',
  email: 'mock@example.com',
  'idn-email': 'mock@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  uri: 'https://example.com/mock',
  'uri-reference': 'https://example.com/mock',
  iri: 'https://example.com/mock',
  url: 'https://example.com/mock',
  uuid: '00000000-0000-4000-8000-000000000000',
  regex: '.*',
};

// Tried in order when the text does not match a string's `pattern`.
const PATTERN_FALLBACKS = ['mock', 'a', 'A', '0', '1', 'abc', 'ABC', '123', 'a1', 'mock-1', 'mock_1', 'x@example.com'];

function resolveReference(reference: string, root: unknown): unknown {
  if (reference === '#') return root;
  if (!reference.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const rawToken of reference.slice(2).split('/')) {
    const token = decodeURIComponent(rawToken).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isPlainObject(current) || !Object.hasOwn(current, token)) return undefined;
    current = current[token];
  }
  return current;
}

function typeList(schema: Schema): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((type): type is string => typeof type === 'string');
  return undefined;
}

/** Both schemas at once, as far as generation needs: properties and required merged, types intersected. */
function mergeSchemas(left: Schema, right: Schema): Schema {
  const merged: Schema = { ...left, ...right };
  if (isPlainObject(left.properties) && isPlainObject(right.properties)) merged.properties = { ...left.properties, ...right.properties };
  if (Array.isArray(left.required) && Array.isArray(right.required)) merged.required = [...new Set([...left.required, ...right.required])];
  const leftTypes = typeList(left);
  const rightTypes = typeList(right);
  if (leftTypes !== undefined && rightTypes !== undefined) {
    const common = leftTypes.filter((type) => rightTypes.includes(type) || (type === 'integer' && rightTypes.includes('number')));
    const fromRight = rightTypes.filter((type) => type === 'integer' && leftTypes.includes('number'));
    merged.type = [...new Set([...common, ...fromRight])];
  }
  return merged;
}

function withoutKeys(schema: Schema, keys: readonly string[]): Schema {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !keys.includes(key)));
}

function inferType(schema: Schema): string {
  if ('properties' in schema || 'required' in schema || 'additionalProperties' in schema || 'patternProperties' in schema) return 'object';
  if ('items' in schema || 'prefixItems' in schema || 'minItems' in schema || 'maxItems' in schema) return 'array';
  if ('minimum' in schema || 'maximum' in schema || 'exclusiveMinimum' in schema || 'exclusiveMaximum' in schema || 'multipleOf' in schema) return 'number';
  return 'string';
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

// Multiples computed by division carry float noise (0.1 * 3): round it away.
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** The bounds of a number schema; draft-04's boolean `exclusiveMinimum` makes `minimum` exclusive. */
function numberBounds(schema: Schema): { low?: number; lowExclusive: boolean; high?: number; highExclusive: boolean } {
  const minimum = finiteNumber(schema.minimum);
  const maximum = finiteNumber(schema.maximum);
  const exclusiveMinimum = finiteNumber(schema.exclusiveMinimum);
  const exclusiveMaximum = finiteNumber(schema.exclusiveMaximum);
  const bounds: { low?: number; lowExclusive: boolean; high?: number; highExclusive: boolean } = { lowExclusive: false, highExclusive: false };
  if (minimum !== undefined) Object.assign(bounds, { low: minimum, lowExclusive: schema.exclusiveMinimum === true });
  if (exclusiveMinimum !== undefined && (bounds.low === undefined || exclusiveMinimum >= bounds.low)) Object.assign(bounds, { low: exclusiveMinimum, lowExclusive: true });
  if (maximum !== undefined) Object.assign(bounds, { high: maximum, highExclusive: schema.exclusiveMaximum === true });
  if (exclusiveMaximum !== undefined && (bounds.high === undefined || exclusiveMaximum <= bounds.high)) Object.assign(bounds, { high: exclusiveMaximum, highExclusive: true });
  return bounds;
}

/** The step numbers must be a multiple of: `multipleOf`, made whole for integers; undefined for any number. */
function numberStep(schema: Schema, integer: boolean): number | undefined {
  const multipleOf = finiteNumber(schema.multipleOf);
  if (multipleOf === undefined || multipleOf <= 0) return integer ? 1 : undefined;
  if (!integer || Number.isInteger(multipleOf)) return multipleOf;
  for (let factor = 2; factor <= 1000; factor += 1) {
    if (Number.isInteger(tidy(multipleOf * factor))) return tidy(multipleOf * factor);
  }
  return 1;
}

/** The top of the range when it has one, else its bottom, else 1; on the schema's step. */
function generateNumber(schema: Schema, integer: boolean): number {
  const { low, lowExclusive, high, highExclusive } = numberBounds(schema);
  const aboveLow = (value: number) => low === undefined || (lowExclusive ? value > low : value >= low);
  const step = numberStep(schema, integer);
  if (step === undefined) {
    if (high !== undefined) {
      if (!highExclusive) return high;
      return low !== undefined ? (low + high) / 2 : high - 1;
    }
    if (low !== undefined) return lowExclusive ? low + 1 : low;
    return 1;
  }
  if (high !== undefined) {
    let value = tidy(Math.floor(tidy(high / step)) * step);
    if (highExclusive && value >= high) value = tidy(value - step);
    if (aboveLow(value)) return value;
  }
  if (low !== undefined) {
    let value = tidy(Math.ceil(tidy(low / step)) * step);
    if (lowExclusive && value <= low) value = tidy(value + step);
    return value;
  }
  return tidy(Math.max(1, Math.ceil(tidy(1 / step))) * step);
}

function fitLength(text: string, schema: Schema): string {
  let characters = Array.from(text);
  const maxLength = finiteNumber(schema.maxLength);
  const minLength = finiteNumber(schema.minLength);
  if (maxLength !== undefined && characters.length > maxLength) characters = characters.slice(0, Math.max(0, maxLength));
  if (minLength !== undefined && characters.length < minLength) characters = [...characters, ...Array.from({ length: minLength - characters.length }, () => 'x')];
  return characters.join('');
}

function compilePattern(pattern: unknown): RegExp | undefined {
  if (typeof pattern !== 'string') return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

function generateString(schema: Schema, text: string): string {
  const format = typeof schema.format === 'string' ? FORMAT_EXAMPLES[schema.format] : undefined;
  if (format !== undefined) return format;
  const candidate = fitLength(text === '' ? 'mock' : text, schema);
  const pattern = compilePattern(schema.pattern);
  if (pattern === undefined || pattern.test(candidate)) return candidate;
  for (const fallback of PATTERN_FALLBACKS) {
    const fitted = fitLength(fallback, schema);
    if (pattern.test(fitted)) return fitted;
  }
  return candidate;
}

function generateArray(schema: Schema, depth: number, generation: Generation): unknown[] {
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? (schema.items as unknown[]) : [];
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  const minItems = finiteNumber(schema.minItems) ?? 0;
  const maxItems = finiteNumber(schema.maxItems) ?? Number.POSITIVE_INFINITY;
  let count = Math.min(depth >= SOFT_DEPTH ? minItems : Math.max(minItems, 1), maxItems);
  if (rest === false) count = Math.min(count, tuple.length);
  return Array.from({ length: count }, (_, index) => {
    // Distinct strings keep `uniqueItems` arrays valid; a leading number survives a maxLength cut.
    const text = schema.uniqueItems === true && index > 0 ? `${index + 1} ${generation.text}` : generation.text;
    return generate(index < tuple.length ? tuple[index] : (rest ?? true), depth + 1, { ...generation, text });
  });
}

function propertySchema(schema: Schema, key: string): unknown {
  if (isPlainObject(schema.properties) && Object.hasOwn(schema.properties, key)) return schema.properties[key];
  if (isPlainObject(schema.patternProperties)) {
    for (const [pattern, value] of Object.entries(schema.patternProperties)) {
      if (compilePattern(pattern)?.test(key)) return value;
    }
  }
  return isPlainObject(schema.additionalProperties) ? schema.additionalProperties : true;
}

function generateObject(schema: Schema, depth: number, generation: Generation): Record<string, unknown> {
  const declared = isPlainObject(schema.properties) ? Object.keys(schema.properties) : [];
  const required = Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : [];
  // Declared order first, so the JSON reads like the schema.
  const keys = [...declared.filter((key) => required.includes(key)), ...required.filter((key) => !declared.includes(key))];
  const minProperties = finiteNumber(schema.minProperties) ?? 0;
  for (const key of declared) {
    if (keys.length >= minProperties) break;
    if (!keys.includes(key)) keys.push(key);
  }
  const object: Record<string, unknown> = {};
  for (const key of keys) object[key] = generate(propertySchema(schema, key), depth + 1, generation);
  return object;
}

function chooseBranch(branches: readonly unknown[], depth: number, generation: Generation): unknown {
  const resolved = branches.map((branch) => (isPlainObject(branch) && typeof branch.$ref === 'string' ? resolveReference(branch.$ref, generation.root) : branch));
  const isNull = (branch: unknown) => isPlainObject(branch) && (branch.type === 'null' || (Array.isArray(branch.type) && branch.type.length === 1 && branch.type[0] === 'null'));
  const wanted = depth >= SOFT_DEPTH ? resolved.findIndex(isNull) : resolved.findIndex((branch) => !isNull(branch) && branch !== false);
  return branches[wanted === -1 ? 0 : wanted];
}

function generate(schema: unknown, depth: number, generation: Generation): unknown {
  if (schema === false || depth > HARD_DEPTH) return null;
  if (!isPlainObject(schema)) return generation.text;
  let current: Schema = schema;
  if (typeof current.$ref === 'string') {
    const target = resolveReference(current.$ref, generation.root);
    current = withoutKeys(current, ['$ref']);
    if (isPlainObject(target)) current = mergeSchemas(target, current);
  }
  if (Array.isArray(current.allOf)) {
    const parts = current.allOf.map((part) => (isPlainObject(part) && typeof part.$ref === 'string' ? resolveReference(part.$ref, generation.root) : part));
    current = parts.filter(isPlainObject).reduce<Schema>((merged, part) => mergeSchemas(merged, part), withoutKeys(current, ['allOf']));
  }
  if (Object.hasOwn(current, 'const')) return current.const;
  if (Array.isArray(current.enum) && current.enum.length > 0) return current.enum[0];
  if (current.default !== undefined) return current.default;
  if (Array.isArray(current.examples) && current.examples.length > 0) return current.examples[0];
  if (current.example !== undefined) return current.example;
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = current[keyword];
    if (Array.isArray(branches) && branches.length > 0) {
      const branch = chooseBranch(branches, depth, generation);
      return generate(isPlainObject(branch) ? mergeSchemas(withoutKeys(current, [keyword]), branch) : branch, depth + 1, generation);
    }
  }
  const types = typeList(current);
  const nonNull = types?.filter((type) => type !== 'null') ?? [inferType(current)];
  if (nonNull.length === 0 || (depth >= SOFT_DEPTH && types?.includes('null'))) return null;
  switch (nonNull[0]) {
    case 'boolean':
      return true;
    case 'integer':
      return generateNumber(current, true);
    case 'number':
      return generateNumber(current, nonNull.includes('integer'));
    case 'array':
      return generateArray(current, depth, generation);
    case 'object':
      return generateObject(current, depth, generation);
    default:
      return generateString(current, generation.text);
  }
}

/**
 * A deterministic JSON value valid for `schema`, for the mock's tool call
 * arguments and structured outputs: `const`, the first `enum` value,
 * `default` or the first of `examples` when given; objects with their
 * required properties (in declared order, more when `minProperties` asks);
 * arrays with one item (or `minItems`, tuples through `prefixItems`; strings
 * numbered when `uniqueItems`);
 * numbers at the top of their range (`maximum`), else its bottom, else 1, on
 * `multipleOf`; `true` for booleans; strings made of `text`, fitted to
 * min/maxLength, a fixed example for a known `format`, and a short fallback
 * when `text` does not match `pattern`. `$ref` (inside the schema), `allOf`,
 * `anyOf`/`oneOf` (the first branch that is not null) and type lists are
 * followed; recursive schemas stop at their smallest branch.
 *
 * @example
 * generateFromSchema({ schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, text: 'Paris' })
 * // { city: 'Paris' }
 */
export function generateFromSchema(options: GenerateFromSchemaOptions): unknown {
  return generate(options.schema, 0, { root: options.schema, text: options.text });
}
