import { KillTasksDocument } from '../../client/generated/graphql.ts';
import { useAction } from './actions.ts';
import { request } from './api.ts';
import type { DashboardApp } from './AppCard.tsx';
import { clock, shortTaskId } from './format.ts';
import { ProblemNote } from './ProblemNote.tsx';
import type { ShowOutput } from './TaskOutput.tsx';

type Task = DashboardApp['tasks']['nodes'][number];

/** An app's tasks that hold resources now. `checked`: the app has health checks, so health means something. */
export function TasksTable({ tasks, checked, onShowOutput, onChanged }: { tasks: Task[]; checked: boolean; onShowOutput: ShowOutput; onChanged: () => void }) {
  if (tasks.length === 0) return <p class="empty">No task runs.</p>;
  return (
    <table class="tasks">
      <thead>
        <tr>
          <th>task</th>
          <th>state</th>
          <th>health</th>
          <th>host</th>
          <th>ports</th>
          <th>started</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <TaskRow key={task.id} task={task} checked={checked} onShowOutput={onShowOutput} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}

function TaskRow({ task, checked, onShowOutput, onChanged }: { task: Task; checked: boolean; onShowOutput: ShowOutput; onChanged: () => void }) {
  const kill = useAction();
  const health = checked ? task.health : undefined;
  return (
    <tr data-task-id={task.id}>
      <td class="mono" title={task.id}>
        {shortTaskId(task.id)}
      </td>
      <td>
        <span class={`pill task-${task.state.toLowerCase()}`} data-role="task-state">
          {task.state}
        </span>
      </td>
      <td>
        {health ? (
          <span class={`pill health-${health.toLowerCase()}`} data-role="task-health" title={task.healthCause ?? undefined}>
            {health}
          </span>
        ) : (
          <span class="muted" title="the app has no health checks">
            –
          </span>
        )}
      </td>
      <td>{task.host ?? task.agent?.hostname ?? ''}</td>
      <td class="mono">{task.ports.join(', ')}</td>
      <td class="muted mono">{task.startedAt ? clock(task.startedAt) : ''}</td>
      <td class="row-actions">
        <button type="button" class="small" onClick={() => onShowOutput(task.id, 'stdout')}>
          stdout
        </button>
        <button type="button" class="small" onClick={() => onShowOutput(task.id, 'stderr')}>
          stderr
        </button>
        <button
          type="button"
          class="small danger"
          disabled={kill.pending || task.state === 'KILLING'}
          onClick={async () => (await kill.run(() => request(KillTasksDocument, { ids: [task.id] }))) && onChanged()}
        >
          Kill
        </button>
        <ProblemNote problem={kill.problem} onDismiss={kill.clear} />
      </td>
    </tr>
  );
}
