import { describe, expect, it } from 'vitest';
import {
  validateModelAlias,
  validateModelVersionNumber,
  validateModelVersionStage,
  validateRegisteredModelName,
  validateRegistryTags,
} from './validate-registry-fields.js';

describe('registry field validation', () => {
  it('model names: non-empty, at most 250 characters, no URI separators', () => {
    expect(validateRegisteredModelName('chat bot-v2_x.y')).toBe('chat bot-v2_x.y');
    expect(() => validateRegisteredModelName('  ')).toThrow('non-empty');
    expect(() => validateRegisteredModelName(3)).toThrow('got 3');
    for (const name of ['a/b', 'a@b', 'a:b']) expect(() => validateRegisteredModelName(name)).toThrow("must not contain '/', '@' or ':'");
    expect(() => validateRegisteredModelName('x'.repeat(251))).toThrow('limit of 250');
  });

  it('version numbers: whole numbers from 1, as numbers or decimal strings', () => {
    expect(validateModelVersionNumber(3)).toBe(3);
    expect(validateModelVersionNumber('12')).toBe(12);
    for (const bad of [0, -1, 1.5, '1.0', ' 2', '', null, undefined]) expect(() => validateModelVersionNumber(bad)).toThrow('at least 1');
  });

  it('aliases: word characters and dashes, not latest nor v<number>', () => {
    expect(validateModelAlias('champion-2')).toBe('champion-2');
    expect(() => validateModelAlias('Latest')).toThrow('reserved');
    expect(() => validateModelAlias('V12')).toThrow('reserved');
    expect(validateModelAlias('v1beta')).toBe('v1beta');
    expect(() => validateModelAlias('a.b')).toThrow("letters, digits, '_' and '-'");
    expect(() => validateModelAlias('')).toThrow('non-empty');
  });

  it('stages are case-insensitive and come back in MLflow spelling', () => {
    expect(validateModelVersionStage('staging')).toBe('Staging');
    expect(validateModelVersionStage('NONE')).toBe('None');
    expect(() => validateModelVersionStage('Deleted_Internal')).toThrow('None, Staging, Production, Archived');
  });

  it('tags: an object of string values under MLflow key rules', () => {
    expect(validateRegistryTags(undefined)).toEqual({});
    expect(validateRegistryTags({ 'mlflow.prompt.is_prompt': 'true' })).toEqual({ 'mlflow.prompt.is_prompt': 'true' });
    expect(() => validateRegistryTags([['k', 'v']])).toThrow('object of key');
    expect(() => validateRegistryTags({ k: 1 })).toThrow('tag values are strings');
  });
});
