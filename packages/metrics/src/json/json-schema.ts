/** The JSON Schema type names (`integer` is a number without a fraction). */
export type JsonSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/**
 * The subset of JSON Schema (draft 2020-12) that `matchesJsonSchema` checks.
 * Other keywords (`format`, `$id`, `title`, ...) are accepted and ignored.
 * A schema may also be `true` (anything) or `false` (nothing).
 */
export interface JsonSchemaObject {
  /** One type or a list of allowed types. */
  type?: JsonSchemaType | readonly JsonSchemaType[];
  /** The schema of each named property. */
  properties?: Record<string, JsonSchema>;
  /** The schema of properties whose name matches a regular expression. */
  patternProperties?: Record<string, JsonSchema>;
  /** Properties that must be present. */
  required?: readonly string[];
  /** Properties not in `properties`/`patternProperties`: `false` forbids them, a schema checks them. */
  additionalProperties?: JsonSchema;
  /** Fewest / most properties. */
  minProperties?: number;
  maxProperties?: number;
  /** The schemas of the first array elements, by position. */
  prefixItems?: readonly JsonSchema[];
  /** The schema of the elements after `prefixItems` (all elements without it). */
  items?: JsonSchema;
  /** Fewest / most elements. */
  minItems?: number;
  maxItems?: number;
  /** Elements must be pairwise different (JSON equality). */
  uniqueItems?: boolean;
  /** The value equals one of these (JSON equality). */
  enum?: readonly unknown[];
  /** The value equals this (JSON equality). */
  const?: unknown;
  /** Inclusive / exclusive numeric bounds (exclusive ones are numbers, as in draft 2020-12). */
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  /** The number is a multiple of this. */
  multipleOf?: number;
  /** Fewest / most characters (code points). */
  minLength?: number;
  maxLength?: number;
  /** A regular expression (ECMAScript syntax, unanchored) the string must match. */
  pattern?: string;
  /** Combinators. */
  allOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  oneOf?: readonly JsonSchema[];
  not?: JsonSchema;
  /** A reference inside the root schema: `#`, `#/$defs/<name>` or any JSON pointer. */
  $ref?: string;
  /** Named subschemas for `$ref` (`definitions` is read too). */
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  /** Other keywords are ignored. */
  [keyword: string]: unknown;
}

/** A JSON Schema: an object, or `true`/`false`. */
export type JsonSchema = boolean | JsonSchemaObject;

/** The result of `matchesJsonSchema`. */
export interface JsonSchemaResult {
  /** True when the value matches. */
  valid: boolean;
  /** One entry per violation: `<JSON pointer of the value, '#' is the root>: <message>`. */
  errors: string[];
}
