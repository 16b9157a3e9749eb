import type { RegistryStore } from '@assay/core';

/**
 * The name of the registered model a transition request is on, for checking
 * the permission to see, approve or reject it: one getTransitionRequest, so a
 * check costs the same however many requests the registry holds.
 * @throws InvalidParameterError for an id that is not a positive integer (the store's own check and message); NotFoundError for an unknown one.
 */
export async function modelOfTransitionRequest(registry: RegistryStore, id: string): Promise<string> {
  return (await registry.getTransitionRequest({ id })).name;
}
