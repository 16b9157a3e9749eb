import { MODEL_VERSION_STAGES, type ModelVersionStage } from '../entities/registered-model.js';
import { InvalidParameterError } from '../errors/assay-error.js';

/** What a `models:/` URI names: one version of a registered model, by number, alias, stage or as the newest. */
export type ModelUri =
  /** `models:/<name>/<version>`. */
  | { kind: 'version'; name: string; version: number }
  /** `models:/<name>@<alias>`. */
  | { kind: 'alias'; name: string; alias: string }
  /** `models:/<name>/<stage>`: the newest version in that stage. */
  | { kind: 'stage'; name: string; stage: ModelVersionStage }
  /** `models:/<name>/latest`: the newest version of the model. */
  | { kind: 'latest'; name: string };

const FORMS = "Use models:/<name>/<version> (e.g. 'models:/chat/3'), models:/<name>@<alias>, models:/<name>/<stage> (None, Staging, Production, Archived) or models:/<name>/latest";

function malformed(uri: string, why: string): InvalidParameterError {
  return new InvalidParameterError(`Invalid model URI '${uri.length > 200 ? `${uri.slice(0, 200)}...` : uri}': ${why}. ${FORMS}.`);
}

/**
 * Reads a `models:/` URI as MLflow does: `models:/<name>/<version>`,
 * `models:/<name>@<alias>`, `models:/<name>/<stage>` (case-insensitive) and
 * `models:/<name>/latest`. Pure: it says what the URI names, not whether it
 * exists (resolving it needs a registry).
 * @throws InvalidParameterError naming what is wrong and the forms accepted.
 */
export function parseModelUri(uri: string): ModelUri {
  if (typeof uri !== 'string') throw malformed(String(uri), `expected a string, got ${uri === null ? 'null' : typeof uri}`);
  if (!uri.startsWith('models:')) {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/u.exec(uri)?.[1];
    throw malformed(uri, scheme === undefined ? "it does not start with 'models:/'" : `its scheme is '${scheme}:', not 'models:'`);
  }
  const rest = uri.slice('models:'.length);
  if (rest.startsWith('//')) throw malformed(uri, "'models://' names a remote registry, which is not supported; write one slash");
  if (!rest.startsWith('/')) throw malformed(uri, "the model name must follow 'models:/'");
  const path = rest.slice(1);
  const at = path.indexOf('@');
  if (at >= 0) {
    const name = path.slice(0, at);
    const alias = path.slice(at + 1);
    if (name === '') throw malformed(uri, 'the model name before @ is empty');
    if (name.includes('/')) throw malformed(uri, 'a URI names a model either by version or stage (after /) or by alias (after @), not both');
    if (alias === '') throw malformed(uri, 'the alias after @ is empty');
    if (!/^[\w-]+$/u.test(alias)) throw malformed(uri, `alias '${alias}' may hold only letters, digits, '_' and '-'`);
    return { kind: 'alias', name, alias };
  }
  const parts = path.split('/');
  if (parts.length !== 2) {
    throw malformed(uri, parts.length < 2 ? 'it names no version: add /<version>, /<stage>, /latest or @<alias> after the model name' : 'it has more than two parts after models:/');
  }
  const [name, selector] = parts as [string, string];
  if (name === '') throw malformed(uri, 'the model name is empty');
  if (selector === '') throw malformed(uri, 'the version after the model name is empty');
  if (/^\d+$/u.test(selector)) {
    const version = Number(selector);
    if (!Number.isSafeInteger(version) || version < 1) throw malformed(uri, `version ${selector} is not a whole number of at least 1`);
    return { kind: 'version', name, version };
  }
  if (selector.toLowerCase() === 'latest') return { kind: 'latest', name };
  const stage = MODEL_VERSION_STAGES.find((known) => known.toLowerCase() === selector.toLowerCase());
  if (stage !== undefined) return { kind: 'stage', name, stage };
  throw malformed(uri, `'${selector}' is neither a version number, a stage nor 'latest'`);
}

/** The URI of one version of a model: `models:/<name>/<version>`. */
export function formatModelUri(name: string, version: number): string {
  return `models:/${name}/${version}`;
}
