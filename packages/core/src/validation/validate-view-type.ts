import { VIEW_TYPES, type ViewType } from '../entities/lifecycle.js';
import { InvalidParameterError } from '../errors/assay-error.js';

/**
 * Checks a search's view type and fills the default, `ACTIVE_ONLY`.
 * @throws InvalidParameterError for anything but ACTIVE_ONLY, DELETED_ONLY or ALL.
 */
export function validateViewType(viewType: ViewType | undefined): ViewType {
  const view = viewType ?? 'ACTIVE_ONLY';
  if (!VIEW_TYPES.includes(view)) {
    throw new InvalidParameterError(`Invalid view type '${String(view)}'; use one of ${VIEW_TYPES.join(', ')}.`);
  }
  return view;
}
