import type { ModelVersionStage } from './registered-model.js';

/** Where a transition request stands: PENDING until approved, rejected, or cancelled by the deletion of its version or model. */
export type TransitionRequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';

/** The statuses, for validation. */
export const TRANSITION_REQUEST_STATUSES: readonly TransitionRequestStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'];

/**
 * A request to move a protected model's version to a stage, or an alias to
 * it. Approving it makes the change, in the same transaction; the requester
 * cannot approve their own request.
 */
export interface TransitionRequest {
  /** Increasing per store. */
  id: number;
  /** The registered model's current name. */
  name: string;
  version: number;
  /** The stage asked for; a request asks for a stage or an alias, never both. */
  stage?: ModelVersionStage;
  /** When moving to Staging or Production: archive the model's other versions there, on approval. */
  archiveExistingVersions?: boolean;
  /** The alias asked to point at the version. */
  alias?: string;
  status: TransitionRequestStatus;
  requestedBy: string;
  /** Milliseconds since the epoch. */
  requestedAt: number;
  comment?: string;
  /** Who approved or rejected it. */
  decidedBy?: string;
  decidedAt?: number;
  decisionComment?: string;
}
