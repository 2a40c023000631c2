import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where `corral` finds a gateway when no flag or variable says: CORRAL_CONFIG, else ~/.corral/config.json. */
export function configPath(): string {
  return process.env.CORRAL_CONFIG ?? join(homedir(), '.corral', 'config.json');
}
