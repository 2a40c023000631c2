// The entry of the standalone agent bundle (`npm run build:agent`): the
// `corral` command with only `agent`, so a Windows or Linux machine runs
//   node corral-agent.cjs agent --master URL --token T
// with nothing else installed. It must import nothing of the gateway.
import { Command } from 'commander';
import { addAgentCommand } from './agent-command.ts';
import { exitWithFailure } from './failure.ts';

const program = new Command('corral')
  .description('Corral agent: joins a gateway and runs the tasks placed on this machine')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

addAgentCommand(program);

program.parseAsync(process.argv).catch(exitWithFailure);
