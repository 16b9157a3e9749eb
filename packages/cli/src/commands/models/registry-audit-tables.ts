import type { RegistryEvent, TransitionRequest } from '@assay/core';
import type { WriteText } from '../../cli-context.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printTable } from '../../output/print-table.js';

/** `key=value, ...` of an event's before or after values (JSON for non-strings); `-` for none. */
function formatEventValues(values: Record<string, unknown> | undefined): string {
  if (values === undefined) return '-';
  const entries = Object.entries(values).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return entries.length === 0 ? '-' : entries.join(', ');
}

/** The change a request asks for: `stage Production (archive others)` or `alias champion`. */
export function describeRequestedChange(request: TransitionRequest): string {
  if (request.alias !== undefined) return `alias ${formatUntrustedText(request.alias, 60)}`;
  return `stage ${request.stage ?? '-'}${request.archiveExistingVersions === true ? ' (archive others)' : ''}`;
}

/** Audit-log events as a table, oldest first as given: actors, values and comments are untrusted text, escaped. */
export function printRegistryEvents(events: readonly RegistryEvent[], write: WriteText): void {
  if (events.length === 0) {
    write('No registry events found.\n');
    return;
  }
  printTable(
    {
      head: ['Time', 'Actor', 'Action', 'Version', 'Before → After', 'Comment'],
      rows: events.map((event) => [
        formatTimestamp(event.timestamp),
        formatUntrustedText(event.actor ?? '-', 30),
        event.action,
        event.version === undefined ? '-' : String(event.version),
        formatUntrustedText(`${formatEventValues(event.before)} → ${formatEventValues(event.after)}`, 80),
        formatUntrustedText(event.comment ?? '-', 50),
      ]),
      alignRight: [3],
    },
    write,
  );
}

/** Transition requests as a table, oldest first as given. */
export function printTransitionRequests(requests: readonly TransitionRequest[], write: WriteText): void {
  if (requests.length === 0) {
    write('No transition requests found.\n');
    return;
  }
  printTable(
    {
      head: ['ID', 'Model', 'Version', 'Change', 'Status', 'Requested by', 'Requested', 'Comment', 'Decided by'],
      rows: requests.map((request) => [
        String(request.id),
        formatUntrustedText(request.name, 40),
        String(request.version),
        describeRequestedChange(request),
        request.status,
        formatUntrustedText(request.requestedBy, 30),
        formatTimestamp(request.requestedAt),
        formatUntrustedText(request.comment ?? '-', 40),
        request.decidedBy === undefined ? '-' : formatUntrustedText(request.decidedBy, 30),
      ]),
      alignRight: [0, 2],
    },
    write,
  );
}
