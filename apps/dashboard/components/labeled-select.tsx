'use client';

/** Options of {@link LabeledSelect}. */
export interface LabeledSelectProps {
  /** The visible label before the select. */
  label: string;
  /** The select's accessible name. */
  ariaLabel: string;
  value: string;
  options: readonly string[];
  onChange(value: string): void;
  /** How an option reads (default: as it is). */
  format?: (option: string) => string;
  className?: string;
}

/** A labelled select of plain string options. */
export function LabeledSelect({ label, ariaLabel, value, options, onChange, format = (option) => option, className }: LabeledSelectProps) {
  return (
    <label className={className}>
      {label}{' '}
      <select aria-label={ariaLabel} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {format(option)}
          </option>
        ))}
      </select>
    </label>
  );
}
