import { Command } from 'commander';
import { addAgentCommand } from './agent-command.ts';
import { addGatewayCommands } from './gateway-commands.ts';
import { exitWithFailure } from './failure.ts';

const program = new Command('corral')
  .description('Corral: one cluster of Linux and Windows machines, driven through GraphQL')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

addGatewayCommands(program);
addAgentCommand(program);

program.parseAsync(process.argv).catch(exitWithFailure);
