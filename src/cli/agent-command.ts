import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { Agent, defaultRetention, parseAttributes, parseResources, parseRoles, PluginLoadError } from '../agent/index.ts';
import { CommandError, exitWithFailure } from './failure.ts';
import { createLogger } from './logger.ts';
import { parseHours } from './options.ts';
import { stopOnSignal } from './signals.ts';

interface AgentFlags {
  master: string;
  token: string;
  workDir: string;
  attributes?: string;
  roles: string;
  resources?: string;
  plugins?: string;
  gcDelay: number;
  serviceAddress: string;
}

export function addAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('run an agent on this machine: it joins the gateway and runs the tasks placed on it')
    .addOption(
      new Option(
        '--master <urls>',
        'the gateway, such as http://10.0.0.5:8080; gateways that share one database separated by commas: the agent moves to the next when one fails',
      )
        .env('CORRAL_MASTER')
        .makeOptionMandatory(),
    )
    .addOption(new Option('--token <token>', 'the agent token (corral dev prints one)').env('CORRAL_AGENT_TOKEN').makeOptionMandatory())
    .addOption(new Option('--work-dir <dir>', 'where sandboxes, the fetch cache and the agent id live').env('CORRAL_WORK_DIR').default('./.corral/agent'))
    .addOption(new Option('--attributes <list>', 'attributes for constraints, such as rack=a,zone=1').env('CORRAL_ATTRIBUTES'))
    .addOption(
      new Option(
        '--roles <list>',
        'the resource roles it offers, comma-separated: * (unreserved) takes apps without acceptedResourceRoles; slave_public only apps that accept it',
      )
        .env('CORRAL_ROLES')
        .default('*'),
    )
    .addOption(new Option('--resources <list>', 'override detection: cpus=4,mem=8192,disk=20000,gpus=0,ports=31000-32000').env('CORRAL_RESOURCES'))
    .addOption(
      new Option('--gc-delay <hours>', 'how long the sandboxes of ended tasks stay, for their logs (at most 10 per app)')
        .env('CORRAL_GC_DELAY')
        .default(168)
        .argParser(parseHours),
    )
    .addOption(
      new Option('--service-address <address>', "where the service proxy listens for the cluster's service ports (tasks here reach their dependencies there)")
        .env('CORRAL_SERVICE_ADDRESS')
        .default('127.0.0.1'),
    )
    .addOption(
      new Option('--plugins <dirs>', 'more plugin folders (health-check protocols), comma-separated: ./plugins/health-redis,/opt/corral/my-check').env(
        'CORRAL_PLUGINS',
      ),
    )
    .action(async (flags: AgentFlags) => {
      const logger = createLogger();
      try {
        const agent = new Agent({
          master: flags.master,
          token: flags.token,
          workDir: resolve(flags.workDir),
          attributes: parseFlag(() => parseAttributes(flags.attributes ?? '')),
          roles: parseFlag(() => parseRoles(flags.roles)),
          resources: parseFlag(() => parseResources(flags.resources ?? '')),
          log: (level, message, fields) => logger[level](fields ?? {}, message),
          sandboxRetention: { ...defaultRetention, maxAgeMs: flags.gcDelay * 3600_000 },
          serviceAddress: flags.serviceAddress,
          plugins: (flags.plugins ?? '')
            .split(',')
            .map((dir) => dir.trim())
            .filter(Boolean)
            .map((dir) => resolve(dir)),
        });
        await agent.start().catch((error: Error) => {
          if (error instanceof PluginLoadError) throw new CommandError(error.message);
          throw new CommandError(`the gateway at ${flags.master} refused this agent: ${error.message}`);
        });
        process.stdout.write(`Corral agent ${agent.id} joined ${flags.master}\n`);
        stopOnSignal(logger, () => agent.stop({ killTasks: false }));
      } catch (error) {
        exitWithFailure(error);
      }
    });
}

function parseFlag<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}
