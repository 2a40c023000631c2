import type { Problem } from './actions.ts';

/** What went wrong with an action, shown next to the control that ran it. */
export function ProblemNote({ problem, onDismiss }: { problem?: Problem; onDismiss?: () => void }) {
  if (!problem) return null;
  // A message that already names a field says enough about it.
  const fields = (problem.fields ?? []).filter((field) => !problem.message.includes(`${field.field}: ${field.message}`));
  return (
    <div class="problem" role="alert">
      <span>{problem.message}</span>
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={field.field}>
              <code>{field.field}</code>: {field.message}
            </li>
          ))}
        </ul>
      )}
      {onDismiss && (
        <button type="button" class="link" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
