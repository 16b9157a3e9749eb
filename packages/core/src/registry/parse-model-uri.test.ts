import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { formatModelUri, parseModelUri } from './parse-model-uri.js';

describe('parseModelUri', () => {
  it('reads a version number', () => {
    expect(parseModelUri('models:/chat-bot/3')).toEqual({ kind: 'version', name: 'chat-bot', version: 3 });
  });

  it('reads an alias', () => {
    expect(parseModelUri('models:/chat-bot@champion')).toEqual({ kind: 'alias', name: 'chat-bot', alias: 'champion' });
  });

  it('reads a stage in any case, in MLflow spelling', () => {
    expect(parseModelUri('models:/chat/Production')).toEqual({ kind: 'stage', name: 'chat', stage: 'Production' });
    expect(parseModelUri('models:/chat/staging')).toEqual({ kind: 'stage', name: 'chat', stage: 'Staging' });
    expect(parseModelUri('models:/chat/ARCHIVED')).toEqual({ kind: 'stage', name: 'chat', stage: 'Archived' });
    expect(parseModelUri('models:/chat/None')).toEqual({ kind: 'stage', name: 'chat', stage: 'None' });
  });

  it('reads latest', () => {
    expect(parseModelUri('models:/chat/latest')).toEqual({ kind: 'latest', name: 'chat' });
    expect(parseModelUri('models:/chat/Latest')).toEqual({ kind: 'latest', name: 'chat' });
  });

  it('keeps spaces and dots in names', () => {
    expect(parseModelUri('models:/my model.v2/1')).toEqual({ kind: 'version', name: 'my model.v2', version: 1 });
  });

  it.each([
    ['runs:/abc/model', "its scheme is 'runs:', not 'models:'"],
    ['chat/3', "it does not start with 'models:/'"],
    ['models://chat/3', "'models://' names a remote registry"],
    ['models:chat/3', "the model name must follow 'models:/'"],
    ['models:/chat', 'it names no version'],
    ['models:/', 'it names no version'],
    ['models:/chat/', 'the version after the model name is empty'],
    ['models:/chat/3/extra', 'more than two parts'],
    ['models:/chat/0', 'version 0 is not a whole number of at least 1'],
    ['models:/chat/Prod', "'Prod' is neither a version number, a stage nor 'latest'"],
    ['models:/chat/-1', "'-1' is neither a version number"],
    ['models:/chat@', 'the alias after @ is empty'],
    ['models:/@champion', 'the model name before @ is empty'],
    ['models:/chat@bad alias', "alias 'bad alias' may hold only letters"],
    ['models:/chat/3@champion', 'not both'],
    ['models:/ /3', undefined],
  ])('refuses %s, saying why and which forms work', (uri, why) => {
    if (why === undefined) {
      // A blank name is the store's to refuse (it has no such model); the parser only splits.
      expect(parseModelUri(uri)).toEqual({ kind: 'version', name: ' ', version: 3 });
      return;
    }
    let thrown: unknown;
    try {
      parseModelUri(uri);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidParameterError);
    const message = (thrown as Error).message;
    expect(message).toContain(`Invalid model URI '${uri}'`);
    expect(message).toContain(why);
    expect(message).toContain('models:/<name>/<version>');
    expect(message).toContain('models:/<name>@<alias>');
  });

  it('round-trips what formatModelUri writes', () => {
    expect(parseModelUri(formatModelUri('chat', 12))).toEqual({ kind: 'version', name: 'chat', version: 12 });
  });
});
