import { NotFoundError, TRANSITION_REQUEST_STATUSES, validateDecideTransitionRequest, type RegistryStore } from '@assay/core';

const PAGE = 1000;

/**
 * The name of the registered model a transition request is on, for checking
 * the permission to approve or reject it. The RegistryStore reads requests
 * only by listing, oldest first: pending ones (the only ones a decision can
 * change) are searched first, then the decided ones, whose decision then fails
 * in the store for a user who may decide on the model.
 * @throws InvalidParameterError for an id that is not a positive integer; NotFoundError for an unknown one.
 */
export async function modelOfTransitionRequest(registry: RegistryStore, id: string): Promise<string> {
  // The store's own check of the id, so that the message is the one a local store gives.
  const wanted = validateDecideTransitionRequest({ id, actor: 'server' }).id;
  for (const status of TRANSITION_REQUEST_STATUSES) {
    let pageToken: string | undefined;
    do {
      const page = await registry.listTransitionRequests({ status, maxResults: PAGE, ...(pageToken !== undefined ? { pageToken } : {}) });
      const found = page.items.find((request) => request.id === wanted);
      if (found !== undefined) return found.name;
      // Oldest first: past the id, this status has no such request.
      if (page.items.some((request) => request.id > wanted)) break;
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
  }
  throw new NotFoundError(`Transition request ${wanted} not found. List pending requests with GET /api/assay/v1/transition-requests.`);
}
