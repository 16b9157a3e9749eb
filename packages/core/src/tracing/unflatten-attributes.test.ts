import { describe, expect, it } from 'vitest';
import { unflattenAttributes } from './unflatten-attributes.js';

describe('unflattenAttributes', () => {
  it("builds OpenInference's flattened messages back, dropping the item wrappers", () => {
    expect(
      unflattenAttributes([
        ['0.message.role', 'system'],
        ['0.message.content', 'Be brief.'],
        ['1.message.role', 'user'],
        ['1.message.contents.0.message_content.type', 'text'],
        ['1.message.contents.0.message_content.text', 'Hi'],
        ['2.message.role', 'assistant'],
        ['2.message.tool_calls.0.tool_call.function.name', 'lookup'],
        ['2.message.tool_calls.0.tool_call.function.arguments', '{"q":1}'],
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', contents: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', tool_calls: [{ function: { name: 'lookup', arguments: '{"q":1}' } }] },
    ]);
  });

  it("builds OpenLLMetry's gen_ai.prompt.<i>.* lists back, in index order, skipping holes", () => {
    expect(unflattenAttributes([['3.content', 'later'], ['0.role', 'user'], ['0.content', 'first']])).toEqual([{ role: 'user', content: 'first' }, { content: 'later' }]);
  });

  it('skips entries that do not fit and never writes through __proto__', () => {
    expect(unflattenAttributes([['role', 'user']])).toBeUndefined();
    expect(unflattenAttributes([['0', 'text'], ['0.role', 'user'], ['1.__proto__.polluted', true], ['1.ok', 1]])).toEqual(['text', { ok: 1 }]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(unflattenAttributes([['0.a', 1], ['0.a', 2], ['0.a.b', 3]])).toEqual([{ a: 1 }]);
  });
});
