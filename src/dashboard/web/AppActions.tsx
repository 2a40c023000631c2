import { useState } from 'preact/hooks';
import { DeleteAppDocument, RestartAppDocument, ScaleAppDocument } from '../../client/generated/graphql.ts';
import { useAction } from './actions.ts';
import { request } from './api.ts';
import type { DashboardApp } from './AppCard.tsx';
import { ProblemNote } from './ProblemNote.tsx';

/** Scale, restart, suspend and destroy; each action's problem shows under the row of buttons. */
export function AppActions({ app, onChanged }: { app: DashboardApp; onChanged: () => void }) {
  const action = useAction();
  // What the operator typed; until then the field follows the app's instances.
  const [draft, setDraft] = useState<string>();
  const [confirmDestroy, setConfirmDestroy] = useState(false);
  const instances = draft ?? String(app.definition.instances);

  const run = async (mutate: () => Promise<Record<string, unknown>>) => {
    if (await action.run(mutate)) {
      setDraft(undefined);
      onChanged();
    }
  };
  // Any whole number goes to the API as typed: the API, not the page, says which it accepts.
  const scale = (event: Event) => {
    event.preventDefault();
    const value = Number(instances);
    if (instances.trim() === '' || !Number.isInteger(value)) return action.fail(`instances: "${instances}" is not a whole number`);
    void run(() => request(ScaleAppDocument, { id: app.id, instances: value }));
  };

  return (
    <div class="actions" data-role="app-actions">
      <form class="scale" noValidate onSubmit={scale}>
        <label>
          instances
          <input
            type="number"
            name="instances"
            step={1}
            value={instances}
            aria-label={`instances of ${app.id}`}
            onInput={(event) => setDraft((event.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={action.pending}>
          Scale
        </button>
      </form>
      <button type="button" disabled={action.pending} onClick={() => run(() => request(RestartAppDocument, { id: app.id }))}>
        Restart
      </button>
      <button
        type="button"
        disabled={action.pending || app.definition.instances === 0}
        onClick={() => run(() => request(ScaleAppDocument, { id: app.id, instances: 0 }))}
      >
        Suspend
      </button>
      {confirmDestroy ? (
        <span class="confirm">
          <button type="button" class="danger" disabled={action.pending} onClick={() => run(() => request(DeleteAppDocument, { id: app.id }))}>
            Destroy {app.id} and kill its tasks
          </button>
          <button type="button" class="link" onClick={() => setConfirmDestroy(false)}>
            keep it
          </button>
        </span>
      ) : (
        <button type="button" class="danger" disabled={action.pending} onClick={() => setConfirmDestroy(true)}>
          Destroy
        </button>
      )}
      <ProblemNote problem={action.problem} onDismiss={action.clear} />
    </div>
  );
}
