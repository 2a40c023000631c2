import { DashboardAppsDocument } from '../../client/generated/graphql.ts';
import { AppCard } from './AppCard.tsx';
import type { ShowOutput } from './TaskOutput.tsx';
import { eventDomain, useLiveQuery, type LogEvent } from './live.ts';

const concernsApps = (event: LogEvent) => ['app', 'task', 'deployment'].includes(eventDomain(event));

export function AppsPanel({ onShowOutput }: { onShowOutput: ShowOutput }) {
  const apps = useLiveQuery(DashboardAppsDocument, {}, concernsApps);
  const nodes = apps.data?.apps.edges.map((edge) => edge.node) ?? [];
  const more = (apps.data?.apps.totalCount ?? 0) - nodes.length;
  return (
    <section class="panel" aria-labelledby="apps-title">
      <h2 id="apps-title">
        Apps <span class="count">{apps.data?.apps.totalCount ?? ''}</span>
      </h2>
      {apps.error && <p class="problem">{apps.error}</p>}
      {apps.data && nodes.length === 0 && <p class="empty">No app yet: create one with corral app add, the API, or install a package from the catalog.</p>}
      {nodes.map((app) => (
        <AppCard key={app.id} app={app} onShowOutput={onShowOutput} onChanged={apps.refresh} />
      ))}
      {more > 0 && <p class="empty">{more} more apps are not shown (the first 100 by id are).</p>}
    </section>
  );
}
