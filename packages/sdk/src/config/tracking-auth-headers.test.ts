import { describe, expect, it } from 'vitest';
import { trackingAuthHeaders } from './tracking-auth-headers.js';

describe('trackingAuthHeaders', () => {
  it('turns ASSAY_TRACKING_TOKEN into a bearer header, and a username and password into HTTP basic (UTF-8)', () => {
    expect(trackingAuthHeaders({ ASSAY_TRACKING_TOKEN: 'assay_abc_def' })).toEqual({ authorization: 'Bearer assay_abc_def' });
    const basic = trackingAuthHeaders({ ASSAY_TRACKING_USERNAME: 'zoë', ASSAY_TRACKING_PASSWORD: 'pa:ss wörd' });
    expect(basic).toEqual({ authorization: `Basic ${Buffer.from('zoë:pa:ss wörd', 'utf8').toString('base64')}` });
    // The token wins when both are set.
    expect(trackingAuthHeaders({ ASSAY_TRACKING_TOKEN: 't', ASSAY_TRACKING_USERNAME: 'u', ASSAY_TRACKING_PASSWORD: 'p' })).toEqual({ authorization: 'Bearer t' });
  });

  it('sends nothing when nothing (or only empty values) is set', () => {
    expect(trackingAuthHeaders({})).toEqual({});
    expect(trackingAuthHeaders({ ASSAY_TRACKING_TOKEN: '', ASSAY_TRACKING_USERNAME: '', ASSAY_TRACKING_PASSWORD: '' })).toEqual({});
  });

  it('refuses half a basic pair, a colon in the username, and line breaks', () => {
    expect(() => trackingAuthHeaders({ ASSAY_TRACKING_USERNAME: 'u' })).toThrow('ASSAY_TRACKING_USERNAME is set but ASSAY_TRACKING_PASSWORD is not');
    expect(() => trackingAuthHeaders({ ASSAY_TRACKING_PASSWORD: 'p' })).toThrow('ASSAY_TRACKING_PASSWORD is set but ASSAY_TRACKING_USERNAME is not');
    expect(() => trackingAuthHeaders({ ASSAY_TRACKING_USERNAME: 'a:b', ASSAY_TRACKING_PASSWORD: 'p' })).toThrow("must not contain ':'");
    expect(() => trackingAuthHeaders({ ASSAY_TRACKING_TOKEN: 'abc\r\nX-Evil: 1' })).toThrow('without spaces or line breaks');
    expect(() => trackingAuthHeaders({ ASSAY_TRACKING_USERNAME: 'u', ASSAY_TRACKING_PASSWORD: 'p\n' })).toThrow('line breaks');
  });
});
