import type { DashboardAppsQuery } from '../../client/generated/graphql.ts';
import { AppActions } from './AppActions.tsx';
import { DeploymentBar } from './DeploymentBar.tsx';
import { TasksTable } from './TasksTable.tsx';
import type { ShowOutput } from './TaskOutput.tsx';

export type DashboardApp = DashboardAppsQuery['apps']['edges'][number]['node'];

/** One app: its status and counts, the deployment under way, its actions and its tasks. */
export function AppCard({ app, onShowOutput, onChanged }: { app: DashboardApp; onShowOutput: ShowOutput; onChanged: () => void }) {
  const checked = app.definition.healthChecks.length > 0;
  const deployment = app.deployments[0];
  return (
    <article class="app" data-app-id={app.id} aria-label={`app ${app.id}`}>
      <header class="app-head">
        <h3 class="app-id">{app.id}</h3>
        <span class={`pill status status-${app.status.toLowerCase()}`} data-role="app-status">
          {app.status}
        </span>
        <span class="muted">v{app.version}</span>
        <span class="counts" data-role="app-counts">
          <Count label="instances" value={app.definition.instances} />
          <Count label="running" value={app.tasksRunning} />
          {app.tasksStaged > 0 && <Count label="staging" value={app.tasksStaged} />}
          {checked && <Count label="healthy" value={app.tasksHealthy} tone="good" />}
          {checked && <Count label="unhealthy" value={app.tasksUnhealthy} tone={app.tasksUnhealthy > 0 ? 'bad' : undefined} />}
        </span>
        <span class="muted">
          {app.definition.cpus} cpus · {app.definition.mem} MiB
        </span>
      </header>
      {deployment && <DeploymentBar deployment={deployment} />}
      {app.queue && (
        <p class="note warn" data-role="app-queue">
          Waiting: {app.queue.summary}
        </p>
      )}
      {app.lastTaskFailure && (
        <p class="note muted" data-role="app-last-failure">
          Last failure: {app.lastTaskFailure.state}
          {app.lastTaskFailure.exitCode !== null && app.lastTaskFailure.exitCode !== undefined ? ` (exit ${app.lastTaskFailure.exitCode})` : ''}
          {app.lastTaskFailure.message ? `: ${app.lastTaskFailure.message}` : ''}
        </p>
      )}
      <AppActions app={app} onChanged={onChanged} />
      <TasksTable tasks={app.tasks.nodes} checked={checked} onShowOutput={onShowOutput} onChanged={onChanged} />
      {app.tasks.totalCount > app.tasks.nodes.length && (
        <p class="note muted" data-role="app-more-tasks">
          The oldest {app.tasks.nodes.length} of {app.tasks.totalCount} tasks (corral task list --app {app.id} lists them all)
        </p>
      )}
    </article>
  );
}

function Count({ label, value, tone }: { label: string; value: number; tone?: 'good' | 'bad' }) {
  return (
    <span class={tone ? `count-item ${tone}` : 'count-item'} data-count={label}>
      <b>{value}</b> {label}
    </span>
  );
}
