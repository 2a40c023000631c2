import { useEffect, useState } from 'preact/hooks';
import { AgentsPanel } from './AgentsPanel.tsx';
import { AppsPanel } from './AppsPanel.tsx';
import { CatalogPanel } from './CatalogPanel.tsx';
import { EventsPanel } from './EventsPanel.tsx';
import { startEventFeed, useConnection } from './live.ts';
import { TaskOutput, type OutputFile } from './TaskOutput.tsx';
import { TokenForm } from './TokenForm.tsx';

const connectionText = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' } as const;

/** The whole page: apps with their tasks, and the catalog, on the left; agents, a task's output and the events on the right. */
export function Dashboard() {
  const connection = useConnection();
  const [output, setOutput] = useState<{ taskId: string; file: OutputFile }>();
  useEffect(startEventFeed, []);

  return (
    <>
      <header class="top">
        <h1>Corral</h1>
        <span class={`connection ${connection}`} role="status" title="Updates come through the events subscription">
          {connectionText[connection]}
        </span>
        <TokenForm />
        <nav>
          <a href="graphql">GraphQL API</a>
        </nav>
      </header>
      <main class="columns">
        <div class="column wide">
          <AppsPanel onShowOutput={(taskId, file) => setOutput({ taskId, file })} />
          <CatalogPanel />
        </div>
        <div class="column">
          {output && (
            <TaskOutput taskId={output.taskId} file={output.file} onFile={(file) => setOutput({ ...output, file })} onClose={() => setOutput(undefined)} />
          )}
          <AgentsPanel />
          <EventsPanel />
        </div>
      </main>
    </>
  );
}
