import type { ComparisonOperator, FilterField } from './filter-ast.js';
import type { EntityRule, FilterDialect } from './filter-dialect.js';
import { SearchSyntaxError } from './search-syntax-error.js';

/**
 * An unquoted identifier, key or keyword. Keywords are read as whole bare
 * words too, so `andd` or `ANDparams.x` is reported as one wrong token
 * instead of being split into AND and a remainder.
 */
const BARE_WORD = /[A-Za-z0-9_.:/-]+/y;
const SYMBOLIC_OPERATOR = /[=!<>]+/y;
const WHITESPACE = /\s+/y;
const TOKEN_PREVIEW_LENGTH = 40;
const QUOTES = new Set(["'", '"', '`']);

/** A field whose entity and key were resolved against the dialect, with the rules that apply to it. */
export interface ResolvedField {
  /** Canonical entity and key, as they appear in the tree. */
  field: FilterField;
  /** How messages name it: `params`, or `attributes.start_time` when a per-key rule applies. */
  displayName: string;
  /** Operators allowed for this field, after per-key overrides. */
  operators: readonly ComparisonOperator[];
  /** Values allowed for this field, after per-key overrides. */
  valueType: EntityRule['valueType'];
  /** Whether the entity may appear in `order_by`. */
  orderable: boolean;
  /** Index in the text where the identifier starts. */
  start: number;
}

/** What the scanner reports in messages. */
export interface FilterScannerOptions {
  /** Start of every message, e.g. `Invalid run filter`. */
  context: string;
  /** How the end of the text is named, e.g. `the end of the filter`. */
  endName: string;
}

/** Shortens and escapes user text for messages so a huge or binary filter cannot flood them. */
export function printable(text: string, maxLength = TOKEN_PREVIEW_LENGTH): string {
  const characters = Array.from(text.length > maxLength * 2 ? text.slice(0, maxLength * 2) : text);
  const shown = characters.length > maxLength ? [...characters.slice(0, maxLength), '…'] : characters;
  return shown.map(escapeControlCharacter).join('');
}

function escapeControlCharacter(character: string): string {
  const code = character.charCodeAt(0);
  const isControl = code < 0x20 || (code >= 0x7f && code <= 0x9f);
  return isControl ? `\\u${code.toString(16).padStart(4, '0')}` : character;
}

function lookupOwn<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  // `Object.hasOwn` keeps `constructor`, `__proto__` and friends from resolving to Object.prototype members.
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The lexical layer shared by the filter and `order_by` parsers: a cursor over
 * the text, field resolution against a dialect, quoted strings, and errors
 * positioned in 1-based code-point columns.
 */
export class FilterScanner {
  readonly text: string;
  readonly dialect: FilterDialect;
  position = 0;
  private readonly options: FilterScannerOptions;
  private columnIndex = 0;
  private columnValue = 1;

  constructor(text: string, dialect: FilterDialect, options: FilterScannerOptions) {
    this.text = text;
    this.dialect = dialect;
    this.options = options;
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.position];
  }

  skipWhitespace(): void {
    this.match(WHITESPACE);
  }

  /** Consumes and returns the text matched by a sticky pattern at the cursor, if any. */
  match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (found === null) return undefined;
    this.position += found[0].length;
    return found[0];
  }

  readBareWord(): string | undefined {
    return this.match(BARE_WORD);
  }

  readSymbolicOperator(): string | undefined {
    return this.match(SYMBOLIC_OPERATOR);
  }

  /**
   * 1-based column of a text index in code points. Callers mostly ask for
   * increasing indexes, so counting resumes from the last answer and the
   * whole parse stays linear.
   */
  columnAt(index: number): number {
    if (index < this.columnIndex) {
      this.columnIndex = 0;
      this.columnValue = 1;
    }
    const text = this.text;
    let column = this.columnValue;
    for (let cursor = this.columnIndex; cursor < index; cursor++) {
      const code = text.charCodeAt(cursor);
      const isTrailingSurrogate = code >= 0xdc00 && code <= 0xdfff;
      const previous = cursor > 0 ? text.charCodeAt(cursor - 1) : 0;
      if (!(isTrailingSurrogate && previous >= 0xd800 && previous <= 0xdbff)) column++;
    }
    this.columnIndex = index;
    this.columnValue = column;
    return column;
  }

  /** Throws a {@link SearchSyntaxError}; `describe` receives `at column N` to place in the sentence. */
  fail(index: number, describe: (at: string) => string): never {
    const column = this.columnAt(index);
    throw new SearchSyntaxError(`${this.options.context}: ${describe(`at column ${column}`)}`, {
      column,
      filter: this.text,
    });
  }

  /** Throws `unexpected token 'x' at column N. Expected <expected>.` */
  unexpected(index: number, expected: string): never {
    const found = index >= this.text.length ? this.options.endName.replace(/^the /u, '') : `token ${this.tokenAt(index)}`;
    const period = expected.endsWith('.') ? '' : '.';
    return this.fail(index, (at) => `unexpected ${found} ${at}. Expected ${expected}${period}`);
  }

  /** The token at an index as messages show it, quoted: `'andd'`, `')'`, `'it''s'`. */
  tokenAt(index: number): string {
    const text = this.text;
    const first = text[index];
    if (first === undefined) return this.options.endName;
    const window = text.slice(index, index + TOKEN_PREVIEW_LENGTH * 2);
    let shown: string;
    const bare = matchAt(BARE_WORD, window, 0) ?? matchAt(SYMBOLIC_OPERATOR, window, 0);
    if (bare !== undefined) {
      shown = bare;
    } else if (QUOTES.has(first)) {
      const closing = window.indexOf(first, 1);
      shown = closing === -1 ? window : window.slice(0, closing + 1);
    } else {
      shown = String.fromCodePoint(text.codePointAt(index) ?? 0);
    }
    const token = printable(shown);
    return first === "'" || first === '"' ? token : `'${token}'`;
  }

  /**
   * Reads a string quoted with `quote` starting at the cursor. Inside, a
   * backslash escapes the quote or a backslash and a doubled quote stands for
   * one; any other backslash is kept so LIKE patterns such as `'50\%'` reach
   * the store unchanged.
   */
  readQuoted(what: 'string' | 'quoted key'): string {
    const text = this.text;
    const start = this.position;
    const quote = text[start];
    let result = '';
    let segmentStart = start + 1;
    let cursor = segmentStart;
    while (cursor < text.length) {
      const character = text[cursor];
      if (character === '\\') {
        const next = text[cursor + 1];
        if (next === quote || next === '\\') {
          result += text.slice(segmentStart, cursor) + next;
          cursor += 2;
          segmentStart = cursor;
        } else {
          cursor++;
        }
      } else if (character === quote) {
        if (text[cursor + 1] === quote) {
          result += text.slice(segmentStart, cursor + 1);
          cursor += 2;
          segmentStart = cursor;
        } else {
          this.position = cursor + 1;
          return result + text.slice(segmentStart, cursor);
        }
      } else {
        cursor++;
      }
    }
    return this.fail(
      start,
      (at) =>
        `unterminated ${what} starting ${at}. Close it with a matching ${quote}` +
        (what === 'string' ? ` (write \\${quote} or ${quote}${quote} for a ${quote} inside it).` : '.'),
    );
  }

  /** `Use one of: metrics., params., ...`, with the default entity's keys first when it has a closed set. */
  identifierChoices(): string {
    const choices: string[] = [];
    const defaultRule = this.defaultRule();
    if (defaultRule?.keys !== undefined) choices.push(...canonicalKeys(defaultRule.keys));
    for (const [entity, rule] of Object.entries(this.dialect.entities)) {
      choices.push(`${rule.prefixes[0] ?? entity}.`);
    }
    return choices.join(', ');
  }

  /**
   * Reads `prefix.key`, ``prefix.`quoted key` ``, `prefix."quoted key"` or,
   * when the dialect has a default entity, a bare `key`, and resolves it
   * against the dialect.
   */
  readField(): ResolvedField {
    const start = this.position;
    const word = this.readBareWord();
    if (word === undefined) {
      return this.unexpected(start, `an identifier. Use one of: ${this.identifierChoices()}`);
    }
    const dot = word.indexOf('.');
    if (dot === -1) return this.resolveUnprefixed(word, start);

    const prefix = word.slice(0, dot);
    const entity = this.findEntity(prefix);
    if (entity === undefined) {
      const shown = prefix === '' ? word : prefix;
      return this.fail(start, (at) => `unknown identifier '${printable(shown)}' ${at}. Use one of: ${this.identifierChoices()}`);
    }
    const keyStart = start + dot + 1;
    let key = word.slice(dot + 1);
    if (key === '') {
      const next = this.peek();
      if (next !== '`' && next !== '"') {
        return this.fail(
          keyStart,
          (at) =>
            `expected a key after '${printable(word)}' ${at}. Quote keys that contain spaces or other characters with backticks, e.g. ${printable(word)}\`f1 score\`.`,
        );
      }
      key = this.readQuoted('quoted key');
      if (key === '') return this.fail(keyStart, (at) => `empty key ${at}. Write a key after '${printable(word)}'.`);
    } else if (key.endsWith('.') && (this.peek() === '`' || this.peek() === '"') && this.dialect.entities[entity]?.dynamicKeys !== undefined) {
      // An open-ended key written with a quoted last part, e.g. span.attributes.`my key`.
      key += this.readQuoted('quoted key');
    }
    return this.resolveKey(entity, key, start, keyStart);
  }

  private defaultRule(): EntityRule | undefined {
    const entity = this.dialect.defaultEntity;
    return entity === undefined ? undefined : lookupOwn(this.dialect.entities, entity);
  }

  private findEntity(prefix: string): string | undefined {
    const wanted = prefix.toLowerCase();
    for (const [entity, rule] of Object.entries(this.dialect.entities)) {
      if (rule.prefixes.some((candidate) => candidate.toLowerCase() === wanted)) return entity;
    }
    return undefined;
  }

  private resolveUnprefixed(word: string, start: number): ResolvedField {
    const entity = this.dialect.defaultEntity;
    const rule = this.defaultRule();
    if (entity !== undefined && rule !== undefined && (rule.keys === undefined || findKey(rule.keys, word) !== undefined)) {
      return this.resolveKey(entity, word, start, start);
    }
    const upperCased = word.toUpperCase();
    if (upperCased === 'AND' || upperCased === 'OR') {
      return this.unexpected(start, `an identifier. Use one of: ${this.identifierChoices()}`);
    }
    if (upperCased === 'NOT') {
      return this.fail(start, (at) => `unexpected NOT ${at}. NOT is only supported as NOT IN, e.g. attributes.status NOT IN ('FAILED').`);
    }
    const entityNamed = this.findEntity(word);
    if (entityNamed !== undefined) {
      return this.fail(start, (at) => `identifier '${printable(word)}' ${at} needs a key, e.g. ${printable(word)}.<key>.`);
    }
    return this.fail(start, (at) => `unknown identifier '${printable(word)}' ${at}. Use one of: ${this.identifierChoices()}`);
  }

  private resolveKey(entity: string, rawKey: string, start: number, keyStart: number): ResolvedField {
    const rule = lookupOwn(this.dialect.entities, entity);
    if (rule === undefined) {
      // Only reachable with a defaultEntity that names no entity: a broken dialect, reported like any other input error.
      return this.fail(start, (at) => `identifier ${at} maps to entity '${printable(entity)}', which this filter does not define.`);
    }
    const entityName = rule.prefixes[0] ?? entity;
    let key = rawKey;
    if (rule.keys !== undefined) {
      const canonical = findKey(rule.keys, rawKey);
      if (canonical === undefined) {
        const dynamic = rule.dynamicKeys;
        if (dynamic !== undefined && dynamic.pattern.test(rawKey)) {
          return {
            field: { entity, key: rawKey },
            displayName: `${entityName}.${dynamic.description}`,
            operators: dynamic.operators,
            valueType: dynamic.valueType,
            orderable: false,
            start,
          };
        }
        const allowed = [...canonicalKeys(rule.keys), ...(dynamic === undefined ? [] : [dynamic.description])];
        return this.fail(keyStart, (at) => `unknown key '${printable(rawKey)}' for ${entityName} ${at}; allowed: ${allowed.join(', ')}.`);
      }
      key = canonical;
    }
    const keyRule = lookupOwn(rule.keyRules, key);
    return {
      field: { entity, key },
      displayName: keyRule === undefined ? entityName : `${entityName}.${key}`,
      operators: keyRule?.operators ?? rule.operators,
      valueType: keyRule?.valueType ?? rule.valueType,
      orderable: rule.orderable === true,
      start,
    };
  }
}

function matchAt(pattern: RegExp, text: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0];
}

function findKey(keys: Readonly<Record<string, string>>, key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (const [alias, canonical] of Object.entries(keys)) {
    if (alias.toLowerCase() === wanted) return canonical;
  }
  return undefined;
}

function canonicalKeys(keys: Readonly<Record<string, string>>): string[] {
  return [...new Set(Object.values(keys))];
}
