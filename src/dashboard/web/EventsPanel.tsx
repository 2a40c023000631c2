import { clock, shortTaskId } from './format.ts';
import { useRecentEvents } from './live.ts';

const shown = 40;

/** The newest events of the log, newest first, as they come. */
export function EventsPanel() {
  const events = useRecentEvents().slice(-shown).reverse();
  return (
    <section class="panel" aria-labelledby="events-title">
      <h2 id="events-title">Recent events</h2>
      {events.length === 0 && <p class="empty">Nothing has happened yet.</p>}
      <ol class="events">
        {events.map((event) => (
          <li key={event.sequence} data-sequence={event.sequence}>
            <span class="muted mono">{clock(event.createdAt)}</span>
            <span class={`event-type domain-${event.type.split('.')[0]}`}>{event.type}</span>
            <span class="mono subject" title={event.subject ?? undefined}>
              {shortSubject(event)}
            </span>
            <span class="muted">{summary(event.payload)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Task ids and deployment ids are long: enough of them to tell them apart. */
function shortSubject(event: { type: string; subject?: string | null }): string {
  if (!event.subject) return '';
  if (event.type.startsWith('task.')) return shortTaskId(event.subject);
  if (event.type.startsWith('deployment.') || event.type.startsWith('agent.')) return event.subject.slice(0, 8);
  return event.subject;
}

/** The one payload field worth a glance: a task's new state or health, a deployment's step. */
function summary(payload: unknown): string {
  if (!payload || typeof payload !== 'object') return '';
  const fields = payload as Record<string, unknown>;
  for (const key of ['state', 'health', 'description', 'summary', 'reason']) {
    if (typeof fields[key] === 'string') return fields[key];
  }
  return '';
}
