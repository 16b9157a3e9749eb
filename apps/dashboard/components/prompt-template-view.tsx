import { visibleText } from '@/lib/format';
import type { PromptVersionView } from '@/lib/prompt-versions';
import styles from '@/app/models/models.module.css';

const VARIABLE = /(\{\{\s*[\w.-]+\s*\}\})/;

/** Template text with its `{{variables}}` marked; every part is React text. */
function TemplateText({ text }: { text: string }) {
  return (
    <pre>
      {visibleText(text)
        .split(VARIABLE)
        .map((part, index) =>
          index % 2 === 1 ? (
            <mark key={index} className={styles.variable}>
              {part}
            </mark>
          ) : (
            part
          ),
        )}
    </pre>
  );
}

/** A prompt version's template: text, or a chat template's role/content messages. */
export function PromptTemplateView({ template, label }: { template: PromptVersionView['template']; label: string }) {
  if (typeof template === 'string') {
    return (
      <div className={styles.template} role="region" aria-label={label}>
        <TemplateText text={template} />
      </div>
    );
  }
  return (
    <ol className={styles.template} role="region" aria-label={label}>
      {template.map((message, index) => (
        <li key={index}>
          <div className={styles.role}>{visibleText(message.role)}</div>
          <TemplateText text={message.content} />
        </li>
      ))}
    </ol>
  );
}
