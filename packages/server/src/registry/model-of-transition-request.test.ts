import { describe, expect, it } from 'vitest';
import type { ListTransitionRequestsInput, Page, RegistryStore, TransitionRequest, TransitionRequestStatus } from '@assay/core';
import { modelOfTransitionRequest } from './model-of-transition-request.js';

/** A registry whose only method is listTransitionRequests over `requests`, paged by id as the stores page, counting the calls. */
function listingRegistry(requests: { id: number; name: string; status: TransitionRequestStatus }[]): { registry: RegistryStore; calls: ListTransitionRequestsInput[] } {
  const calls: ListTransitionRequestsInput[] = [];
  const listTransitionRequests = (input: ListTransitionRequestsInput = {}): Promise<Page<TransitionRequest>> => {
    calls.push(input);
    const after = input.pageToken === undefined ? 0 : Number(input.pageToken);
    const matching = requests.filter((request) => request.status === (input.status ?? 'PENDING') && request.id > after).sort((a, b) => a.id - b.id);
    const items = matching.slice(0, input.maxResults ?? 100).map((request) => ({ ...request, version: 1, requestedBy: 'ana', requestedAt: 0 }));
    return Promise.resolve({ items, ...(matching.length > items.length ? { nextPageToken: String(items[items.length - 1]!.id) } : {}) });
  };
  return { registry: { listTransitionRequests } as unknown as RegistryStore, calls };
}

describe('modelOfTransitionRequest', () => {
  const many = Array.from({ length: 2500 }, (_, index) => ({ id: index + 1, name: `m${index + 1}`, status: (index % 5 === 0 ? 'PENDING' : 'APPROVED') as TransitionRequestStatus }));

  it('finds a pending request first, then a decided one on a later page', async () => {
    const { registry, calls } = listingRegistry(many);
    expect(await modelOfTransitionRequest(registry, '2001')).toBe('m2001');
    expect(calls.map((call) => call.status)).toEqual(['PENDING']);
    calls.length = 0;
    expect(await modelOfTransitionRequest(registry, '2499')).toBe('m2499');
    // Every pending page (500 requests, one page), then the approved ones until the id (2000 requests, two pages).
    expect(calls.map((call) => [call.status, call.pageToken])).toEqual([
      ['PENDING', undefined],
      ['APPROVED', undefined],
      ['APPROVED', expect.any(String)],
    ]);
  });

  it('stops reading a status past the id, and says an unknown or malformed id is one', async () => {
    const { registry, calls } = listingRegistry(many);
    await expect(modelOfTransitionRequest(registry, '9999')).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringContaining('Transition request 9999 not found') });
    calls.length = 0;
    const missing = listingRegistry(many.filter((request) => request.id !== 3));
    await expect(modelOfTransitionRequest(missing.registry, '3')).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    // One page per status: each first page already goes past id 3.
    expect(missing.calls).toHaveLength(4);
    await expect(modelOfTransitionRequest(registry, 'one')).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('positive integer') });
    expect(calls).toEqual([]);
  });
});
