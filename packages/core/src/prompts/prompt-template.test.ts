import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { formatPrompt, promptVariables, validatePromptTemplate } from './prompt-template.js';

describe('prompt templates', () => {
  const chat = [
    { role: 'system', content: 'You answer for {{ company }}.' },
    { role: 'user', content: '{{question}} (in {{language}}, for {{company}})' },
  ];

  it('lists variables in order of first use, in text and chat templates', () => {
    expect(promptVariables('Hi {{name}}, {{ name }} and {{a.b-c}}; not {name} or {{ 1x }}')).toEqual(['name', 'a.b-c']);
    expect(promptVariables(chat)).toEqual(['company', 'question', 'language']);
    expect(promptVariables('no placeholders')).toEqual([]);
  });

  it('fills placeholders, writing non-strings as JSON and never re-scanning values', () => {
    expect(formatPrompt('Translate {{ text }} to {{lang}}.', { text: '{{lang}}', lang: 'German' })).toBe('Translate {{lang}} to German.');
    expect(formatPrompt('n={{n}} opts={{o}}', { n: 3, o: { k: [1] } })).toBe('n=3 opts={"k":[1]}');
    expect(formatPrompt(chat, { company: 'Acme', question: 'Refund?', language: 'en' })).toEqual([
      { role: 'system', content: 'You answer for Acme.' },
      { role: 'user', content: 'Refund? (in en, for Acme)' },
    ]);
    // The template itself is not changed.
    expect(chat[0]!.content).toBe('You answer for {{ company }}.');
  });

  it('names missing and unknown variables, unless extra ones are allowed', () => {
    expect(() => formatPrompt(chat, { company: 'Acme' })).toThrow(new InvalidParameterError("Missing prompt variables 'question', 'language': the template uses {{company}}, {{question}}, {{language}}."));
    expect(() => formatPrompt('Hi {{name}}', { name: undefined })).toThrow("Missing prompt variable 'name'");
    expect(() => formatPrompt('Hi {{name}}', { name: 'a', nmae: 'b' })).toThrow(/Unknown prompt variable 'nmae': the template uses \{\{name\}\}\. Pass \{ allowExtraVariables: true \}/u);
    expect(formatPrompt('Hi {{name}}', { name: 'a', other: 'b' }, { allowExtraVariables: true })).toBe('Hi a');
    expect(() => formatPrompt('Hi', [] as never)).toThrow('Prompt values are an object');
  });

  it('validates templates', () => {
    expect(validatePromptTemplate('Hi {{x}}')).toBe('Hi {{x}}');
    expect(validatePromptTemplate([{ role: 'user', content: 'x', extra: 1 }])).toEqual([{ role: 'user', content: 'x' }]);
    expect(() => validatePromptTemplate('  ')).toThrow('must not be empty');
    expect(() => validatePromptTemplate([])).toThrow('text or a non-empty list');
    expect(() => validatePromptTemplate([{ role: 'user', content: 3 }])).toThrow('Message 0 of a chat prompt must be { role: string, content: string }');
    expect(() => validatePromptTemplate('x'.repeat(100_001))).toThrow('over the limit of 100000');
  });
});
