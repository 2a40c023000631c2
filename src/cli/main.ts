import { Command } from 'commander';
import { addAgentCommand } from './agent-command.ts';
import { addAppCommands } from './app-commands.ts';
import { addDeploymentCommands } from './deployment-commands.ts';
import { addEventCommand } from './event-commands.ts';
import { addNodeCommands } from './node-commands.ts';
import { addPackageCommands } from './package-commands.ts';
import { addRepoCommands } from './repo-commands.ts';
import { addSecretCommands } from './secret-commands.ts';
import { addTaskCommands } from './task-commands.ts';
import { addTokenCommands } from './token-commands.ts';
import { addGatewayCommands } from './gateway-commands.ts';
import { exitWithFailure } from './failure.ts';

const program = new Command('corral')
  .description('Corral: one cluster of Linux and Windows machines, driven through GraphQL')
  .version('0.1.0')
  // corral's own --version only before a command: `corral package install x --version 1.2` is the package's.
  .enablePositionalOptions()
  .showHelpAfterError('(run with --help for usage)');

addGatewayCommands(program);
addAgentCommand(program);
addAppCommands(program);
addTaskCommands(program);
addNodeCommands(program);
addDeploymentCommands(program);
addEventCommand(program);
addPackageCommands(program);
addRepoCommands(program);
addTokenCommands(program);
addSecretCommands(program);

program.parseAsync(process.argv).catch(exitWithFailure);
