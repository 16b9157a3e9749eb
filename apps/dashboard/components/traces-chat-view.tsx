import { visibleText } from '@/lib/format';
import type { ChatMessage } from '@/lib/traces-messages';
import styles from '@/app/traces/traces.module.css';

/** Tool call arguments pretty-printed when they are JSON, as text otherwise. */
function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A conversation: each message with its role; tool calls and tool results shown as such. All text, never markup. */
export function ChatView({ messages, label }: { messages: ChatMessage[]; label: string }) {
  return (
    <ol className={styles.chat} aria-label={label}>
      {messages.map((message, index) => (
        <li key={index} className={`${styles.message} ${styles[`role_${message.role}`] ?? ''}`} aria-label={`${message.role} message`}>
          <div className={styles.role}>
            {message.role === 'tool' ? 'tool result' : message.role}
            {message.name !== undefined ? <span className="muted"> · {visibleText(message.name)}</span> : null}
            {message.toolCallId !== undefined ? <span className="muted mono"> · {visibleText(message.toolCallId)}</span> : null}
          </div>
          {message.content !== '' ? <pre className={styles.content}>{visibleText(message.content)}</pre> : null}
          {message.toolCalls.map((call, callIndex) => (
            <div key={callIndex} className={styles.toolCall} aria-label={`Tool call ${call.name}`}>
              <div>
                <span className="badge warn">tool call</span> <strong className="mono">{visibleText(call.name)}</strong>
                {call.id !== undefined ? <span className="muted mono"> {visibleText(call.id)}</span> : null}
              </div>
              <pre className="mono">{visibleText(prettyArguments(call.arguments))}</pre>
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
