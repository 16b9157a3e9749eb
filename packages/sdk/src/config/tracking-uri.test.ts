import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@assay/core';
import { HttpStore } from '../http/http-store.js';
import { resetForTests } from '../testing/reset-for-tests.js';
import { parseTrackingUri } from './tracking-uri.js';
import { TRACKING_URI_ENV, getStore, getTrackingUri, openStore, setTrackingUri } from '../index.js';

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

  it('a server URL opens an HttpStore for that server (nothing is sent until it is used)', async () => {
    setTrackingUri('http://127.0.0.1:5000');
    const store = await getStore();
    expect(store).toBeInstanceOf(HttpStore);
    expect((store as HttpStore).url).toBe('http://127.0.0.1:5000');
    const other = await openStore('https://assay.example.com/prefix/');
    expect((other as HttpStore).url).toBe('https://assay.example.com/prefix');
    await other.close();
  });
});
