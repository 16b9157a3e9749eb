import { visibleText } from '@/lib/format';
import styles from '@/app/traces/traces.module.css';

/**
 * Any JSON value as a collapsible tree (`<details>`, so it is keyboard usable
 * without script). Strings are text with escape sequences made visible: LLM
 * content is never markup.
 */
export function JsonView({ value, label, depth = 0 }: { value: unknown; label?: string; depth?: number }) {
  const key = label !== undefined ? <span className={styles.jsonKey}>{visibleText(label)}: </span> : null;
  if (value === null || typeof value !== 'object') {
    const text = typeof value === 'string' ? visibleText(value) : value === undefined ? 'undefined' : JSON.stringify(value);
    return (
      <div className={styles.jsonLeaf}>
        {key}
        <span className={typeof value === 'string' ? styles.jsonString : styles.jsonScalar}>{text}</span>
      </div>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details open={depth < 2} className={styles.jsonNode}>
      <summary>
        {key}
        <span className="muted">{summary}</span>
      </summary>
      {entries.map(([entryKey, entryValue]) => (
        <JsonView key={entryKey} label={entryKey} value={entryValue} depth={depth + 1} />
      ))}
    </details>
  );
}
