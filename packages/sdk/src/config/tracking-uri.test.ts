import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AssayError, InvalidParameterError } from '@assay/core';
import { resetForTests } from '../testing/reset-for-tests.js';
import { parseTrackingUri } from './tracking-uri.js';
import { TRACKING_URI_ENV, getStore, getTrackingUri, openStore, setTrackingUri, startRun } from '../index.js';

afterEach(async () => {
  delete process.env[TRACKING_URI_ENV];
  await resetForTests();
});

describe('parseTrackingUri', () => {
  it('reads directory paths, file URIs and server URLs', () => {
    expect(parseTrackingUri('./.assay', '/work')).toEqual({ kind: 'local', root: '/work/.assay' });
    expect(parseTrackingUri('/data/assay', '/work')).toEqual({ kind: 'local', root: '/data/assay' });
    expect(parseTrackingUri(pathToFileURL('/data/my store').href)).toEqual({ kind: 'local', root: '/data/my store' });
    expect(parseTrackingUri('http://127.0.0.1:5000/')).toEqual({ kind: 'http', url: 'http://127.0.0.1:5000' });
    expect(parseTrackingUri('https://assay.example.com')).toEqual({ kind: 'http', url: 'https://assay.example.com' });
  });

  it('rejects other schemes and empty URIs with an example of a valid one', () => {
    for (const uri of ['', '   ', 'ftp://host/x', 'databricks://workspace', 'postgresql://db/assay']) {
      const call = () => parseTrackingUri(uri);
      expect(call).toThrow(InvalidParameterError);
      expect(call).toThrow(/'\.\/\.assay'/);
    }
    expect(() => parseTrackingUri('file://remote-host/x')).toThrow(InvalidParameterError);
  });
});

describe('setTrackingUri / getTrackingUri', () => {
  it('defaults to ./.assay resolved against the working directory', () => {
    expect(getTrackingUri()).toBe(resolve('.assay'));
  });

  it('uses ASSAY_TRACKING_URI, and setTrackingUri overrides it', () => {
    process.env[TRACKING_URI_ENV] = '/tmp/assay-from-env';
    expect(getTrackingUri()).toBe('/tmp/assay-from-env');
    setTrackingUri('relative/store');
    expect(getTrackingUri()).toBe(join(process.cwd(), 'relative/store'));
  });

  it('throws at once for an invalid URI', () => {
    expect(() => setTrackingUri('s3://bucket/path')).toThrow(InvalidParameterError);
  });

  it('a server URL is accepted but opening it is NOT_IMPLEMENTED until the HTTP client exists', async () => {
    setTrackingUri('http://127.0.0.1:5000');
    for (const attempt of [getStore(), openStore('https://assay.example.com'), startRun()]) {
      const error: unknown = await attempt.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(AssayError.isInstance(error)).toBe(true);
      expect((error as AssayError).code).toBe('NOT_IMPLEMENTED');
      expect((error as AssayError).message).toMatch(/server/);
    }
  });
});
