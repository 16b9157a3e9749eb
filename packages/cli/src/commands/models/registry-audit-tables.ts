import type { RegistryEvent, TransitionRequest } from '@assay/core';
import type { WriteText } from '../../cli-context.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printTable } from '../../output/print-table.js';

function formatEventValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `key=value, ...` of some values; `-` for none. */
function formatEventValues(entries: readonly (readonly [string, unknown])[]): string {
  return entries.length === 0 ? '-' : entries.map(([key, value]) => `${key}=${formatEventValue(value)}`).join(', ');
}

/**
 * An event's change as `before → after`, the values both sides share put
 * first as context: `request=1: status=PENDING → status=APPROVED`.
 */
export function formatEventChange(event: RegistryEvent): string {
  const before = Object.entries(event.before ?? {});
  const after = Object.entries(event.after ?? {});
  if (before.length === 0 && after.length === 0) return '-';
  const afterValues = new Map(after.map(([key, value]) => [key, JSON.stringify(value)]));
  const sharedKeys = new Set(before.filter(([key, value]) => afterValues.get(key) === JSON.stringify(value)).map(([key]) => key));
  const shared = before.filter(([key]) => sharedKeys.has(key));
  const change = `${formatEventValues(before.filter(([key]) => !sharedKeys.has(key)))} → ${formatEventValues(after.filter(([key]) => !sharedKeys.has(key)))}`;
  return shared.length === 0 ? change : `${formatEventValues(shared)}: ${change}`;
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
        formatUntrustedText(formatEventChange(event), 80),
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
