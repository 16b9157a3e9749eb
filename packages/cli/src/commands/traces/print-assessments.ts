import type { Assessment } from '@assay/core';
import type { WriteText } from '../../cli-context.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printTable } from '../../output/print-table.js';

function valueText(assessment: Assessment): string {
  const error = assessment.feedback?.error;
  if (error !== undefined) return `error ${error.errorCode}${error.errorMessage === undefined ? '' : `: ${error.errorMessage}`}`;
  const value = assessment.feedback !== undefined ? assessment.feedback.value : assessment.expectation.value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Prints a trace's feedback and expectations as a table: kind, name, value,
 * source, span and rationale, overridden ones marked. Names, values and
 * rationales may come from an LLM or a user: they are escaped and shortened.
 */
export function printAssessments(assessments: readonly Assessment[], write: WriteText): void {
  if (assessments.length === 0) {
    write('Assessments: none\n');
    return;
  }
  write(`Assessments (${assessments.length})\n`);
  printTable(
    {
      head: ['Kind', 'Name', 'Value', 'Source', 'Span', 'Rationale'],
      rows: assessments.map((assessment) => [
        `${assessment.feedback !== undefined ? 'feedback' : 'expectation'}${assessment.valid ? '' : ' (overridden)'}`,
        formatUntrustedText(assessment.name, 30),
        formatUntrustedText(valueText(assessment), 40),
        formatUntrustedText(`${assessment.source.sourceType} ${assessment.source.sourceId}`, 30),
        assessment.spanId ?? '-',
        formatUntrustedText(assessment.rationale ?? '', 60),
      ]),
    },
    write,
  );
}
