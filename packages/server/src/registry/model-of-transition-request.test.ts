import { describe, expect, it } from 'vitest';
import { NotFoundError, validateTransitionRequestId, type RegistryStore, type TransitionRequest, type TransitionRequestIdInput } from '@assay/core';
import { modelOfTransitionRequest } from './model-of-transition-request.js';

/**
 * A registry whose only method is getTransitionRequest over `requests` (with
 * the stores' check of the id), recording its calls: a listing would fail.
 */
function gettingRegistry(requests: TransitionRequest[]): { registry: RegistryStore; calls: TransitionRequestIdInput[] } {
  const calls: TransitionRequestIdInput[] = [];
  const getTransitionRequest = (input: TransitionRequestIdInput): Promise<TransitionRequest> => {
    calls.push(input);
    const id = validateTransitionRequestId(input);
    const found = requests.find((request) => request.id === id);
    return found === undefined ? Promise.reject(new NotFoundError(`Transition request ${id} not found.`)) : Promise.resolve(found);
  };
  return { registry: { getTransitionRequest } as unknown as RegistryStore, calls };
}

describe('modelOfTransitionRequest', () => {
  const many = Array.from({ length: 2500 }, (_, index): TransitionRequest => ({
    id: index + 1,
    name: `m${index + 1}`,
    version: 1,
    status: index % 5 === 0 ? 'PENDING' : 'APPROVED',
    requestedBy: 'ana',
    requestedAt: 0,
  }));

  it('reads the model of a pending or a decided request with one getTransitionRequest', async () => {
    const { registry, calls } = gettingRegistry(many);
    expect(await modelOfTransitionRequest(registry, '2001')).toBe('m2001');
    expect(await modelOfTransitionRequest(registry, '2499')).toBe('m2499');
    expect(calls).toEqual([{ id: '2001' }, { id: '2499' }]);
  });

  it("passes on the store's errors: an unknown id is not found, a malformed one is a bad parameter", async () => {
    const { registry, calls } = gettingRegistry(many);
    await expect(modelOfTransitionRequest(registry, '9999')).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST', message: expect.stringContaining('Transition request 9999 not found') });
    for (const id of ['one', '0', '-1']) {
      await expect(modelOfTransitionRequest(registry, id)).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('positive integer') });
    }
    expect(calls).toHaveLength(4);
  });
});
