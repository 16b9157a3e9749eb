import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { printModelVersion } from './model-tables.js';
import { withRegistry } from './with-registry.js';

/** Options of `resolveModelUriCommand`. */
export interface ResolveModelUriOptions extends CommandInvocation<{ json?: boolean }> {
  /** A `models:/` URI. */
  uri: string;
}

/** `assay models resolve <uri>`: the version a `models:/` URI names now, its source and where its files are. */
export async function resolveModelUriCommand({ context, command, uri, options }: ResolveModelUriOptions): Promise<void> {
  const resolved = await withRegistry({ context, command, mustExist: true }, (registry) => registry.resolveModelUri(uri));
  if (options.json) {
    printJson({ uri, ...resolved }, context.stdout);
    return;
  }
  context.stdout(`${formatUntrustedText(uri, 120)} → version ${resolved.version.version}\n`);
  printModelVersion(resolved.version, context.stdout, [['Download URI', formatUntrustedText(resolved.downloadUri, 120)]]);
}
