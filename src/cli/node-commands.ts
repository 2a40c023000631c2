import type { Command } from 'commander';
import { ActivateAgentDocument, AgentDocument, AgentsDocument, DrainAgentDocument } from '../client/index.ts';
import { withClient, withConnection, type ConnectionFlags } from './connection.ts';
import { CommandError } from './failure.ts';
import { everyNode } from './pages.ts';
import { printFields, printJson, printTable, resources } from './output.ts';
import { unwrap } from './results.ts';

export function addNodeCommands(program: Command): void {
  const node = program.command('node').description('the agents (machines) of the cluster');

  withConnection(node.command('list').description('agents with their OS, state and resources used against total')).action((flags: ConnectionFlags) =>
    withClient(flags, async (client) => {
      const nodes = await everyNode(async (after) => (await client.request(AgentsDocument, { first: 1000, after })).agents);
      if (flags.json) return printJson(nodes);
      printTable(
        ['ID', 'HOSTNAME', 'OS', 'STATE', 'CPUS', 'MEM (MiB)', 'LAST SEEN'],
        nodes.map((agent) => [
          agent.id,
          agent.hostname,
          agent.os,
          agent.state,
          `${round(agent.used.cpus)}/${agent.resources.cpus}`,
          `${round(agent.used.mem)}/${agent.resources.mem}`,
          agent.lastSeenAt,
        ]),
      );
    }),
  );

  withConnection(node.command('show <id>').description('one agent: attributes, resources and tasks')).action((id: string, flags: ConnectionFlags) =>
    withClient(flags, async (client) => {
      const { agent } = await client.request(AgentDocument, { id });
      if (!agent) throw new CommandError(`agent ${id} does not exist`);
      if (flags.json) return printJson(agent);
      printFields([
        ['id', agent.id],
        ['hostname', agent.hostname],
        ['os', `${agent.os} ${agent.arch}`],
        ['state', agent.state],
        ['version', agent.version],
        ['resources', `${resources(agent.resources)}, ${agent.resources.disk} MiB disk, ${agent.resources.gpus} gpus`],
        ['used', resources(agent.used)],
        ['ports', (agent.portRanges as [number, number][]).map(([from, to]) => `${from}-${to}`).join(', ')],
        [
          'attributes',
          Object.entries(agent.attributes as Record<string, string>)
            .map(([key, value]) => `${key}=${value}`)
            .join(', '),
        ],
        ['tasks', agent.tasks.totalCount],
        ['last seen', agent.lastSeenAt],
      ]);
    }),
  );

  withConnection(node.command('drain <id>').description('take no new task there and move its tasks elsewhere')).action((id: string, flags: ConnectionFlags) =>
    withClient(flags, async (client) => {
      const agent = unwrap((await client.request(DrainAgentDocument, { id })).drainAgent);
      if (flags.json) printJson(agent);
      else process.stdout.write(`${agent.hostname} (${agent.id}) is ${agent.state}: its tasks move to other agents\n`);
    }),
  );

  withConnection(node.command('activate <id>').description('let a drained agent take tasks again')).action((id: string, flags: ConnectionFlags) =>
    withClient(flags, async (client) => {
      const agent = unwrap((await client.request(ActivateAgentDocument, { id })).activateAgent);
      if (flags.json) printJson(agent);
      else process.stdout.write(`${agent.hostname} (${agent.id}) is ${agent.state}\n`);
    }),
  );
}

const round = (value: number) => Math.round(value * 100) / 100;
