import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { parseRunsUri } from './parse-runs-uri.js';

describe('parseRunsUri', () => {
  it('reads the run id and the artifact path', () => {
    expect(parseRunsUri('runs:/0f3a9c/model')).toEqual({ runId: '0f3a9c', artifactPath: 'model' });
    expect(parseRunsUri('runs:/0f3a9c/models/chat/')).toEqual({ runId: '0f3a9c', artifactPath: 'models/chat' });
  });

  it('reads a URI of the run root', () => {
    expect(parseRunsUri('runs:/0f3a9c')).toEqual({ runId: '0f3a9c', artifactPath: '' });
    expect(parseRunsUri('runs:/0f3a9c/')).toEqual({ runId: '0f3a9c', artifactPath: '' });
  });

  it('leaves other schemes alone', () => {
    expect(parseRunsUri('file:///models/chat')).toBeUndefined();
    expect(parseRunsUri('s3://bucket/model')).toBeUndefined();
    expect(parseRunsUri('models:/chat/1')).toBeUndefined();
  });

  it('refuses a runs URI without a run id', () => {
    expect(() => parseRunsUri('runs:/')).toThrow(InvalidParameterError);
    expect(() => parseRunsUri('runs://model')).toThrow(/write runs:\/<runId>\/<path>/);
    expect(() => parseRunsUri('runs:abc/model')).toThrow(/Invalid runs URI 'runs:abc\/model'/);
  });
});
