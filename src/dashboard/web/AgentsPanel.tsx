import { ActivateAgentDocument, AgentsDocument, DrainAgentDocument, type AgentsQuery } from '../../client/generated/graphql.ts';
import { useAction } from './actions.ts';
import { request } from './api.ts';
import { formatCpus, formatMem } from './format.ts';
import { eventDomain, useLiveQuery, type LogEvent } from './live.ts';
import { Meter } from './Meter.tsx';
import { ProblemNote } from './ProblemNote.tsx';

type AgentNode = AgentsQuery['agents']['edges'][number]['node'];

// Tasks change what agents use, so task events refetch them too.
const concernsAgents = (event: LogEvent) => ['agent', 'task'].includes(eventDomain(event));

export function AgentsPanel() {
  const agents = useLiveQuery(AgentsDocument, { first: 100 }, concernsAgents);
  const nodes = agents.data?.agents.edges.map((edge) => edge.node) ?? [];
  return (
    <section class="panel" aria-labelledby="agents-title">
      <h2 id="agents-title">
        Agents <span class="count">{agents.data?.agents.totalCount ?? ''}</span>
      </h2>
      {agents.error && <p class="problem">{agents.error}</p>}
      {agents.data && nodes.length === 0 && <p class="empty">No agent has registered yet: start one with corral agent.</p>}
      <ul class="agents">
        {nodes.map((agent) => (
          <AgentRow key={agent.id} agent={agent} />
        ))}
      </ul>
    </section>
  );
}

function AgentRow({ agent }: { agent: AgentNode }) {
  const action = useAction();
  const draining = agent.state === 'DRAINING';
  const toggle = () => action.run(() => (draining ? request(ActivateAgentDocument, { id: agent.id }) : request(DrainAgentDocument, { id: agent.id })));
  return (
    <li class="agent" data-agent-id={agent.id}>
      <div class="agent-head">
        <strong class="agent-host">{agent.hostname}</strong>
        <span class={`os os-${agent.os.toLowerCase()}`}>
          {agent.os === 'WINDOWS' ? 'Windows' : 'Linux'} {agent.arch}
        </span>
        <span class={`pill state-${agent.state.toLowerCase()}`}>{agent.state}</span>
        {agent.state !== 'GONE' && (
          <button type="button" class="small" disabled={action.pending} onClick={toggle}>
            {draining ? 'Activate' : 'Drain'}
          </button>
        )}
      </div>
      <Meter label="cpus" used={agent.used.cpus} total={agent.resources.cpus} format={formatCpus} />
      <Meter label="mem" used={agent.used.mem} total={agent.resources.mem} format={formatMem} />
      <Meter label="disk" used={agent.used.disk} total={agent.resources.disk} format={formatMem} />
      <ProblemNote problem={action.problem} onDismiss={action.clear} />
    </li>
  );
}
