import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Programs catalog packages ask for (package.json `requires.programs`); an agent that has one says so as an attribute. */
export const knownPrograms = ['java', 'python3', 'node', 'redis-server', 'nginx', 'memcached', 'postgres', 'mariadbd'];

/** Where distributions put programs outside a user's PATH (nginx in sbin, PostgreSQL's versioned bin directories). */
function extraDirs(): string[] {
  if (process.platform === 'win32') return [];
  const postgres = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((version) => join('/usr/lib/postgresql', version, 'bin')) : [];
  return ['/usr/sbin', '/usr/local/sbin', '/sbin', ...postgres.sort().reverse()];
}

/**
 * `program.<name>` attributes, valued with the path, for the known programs
 * found on this machine: the constraints of catalog packages match on them.
 */
export function detectPrograms(programs = knownPrograms, path = process.env.PATH ?? ''): Record<string, string> {
  const dirs = [...path.split(delimiter).filter(Boolean), ...extraDirs()];
  const suffixes = process.platform === 'win32' ? ['.exe', '.cmd', '.bat'] : [''];
  const found: Record<string, string> = {};
  for (const program of programs) {
    const hit = dirs.flatMap((dir) => suffixes.map((suffix) => join(dir, program + suffix))).find((candidate) => existsSync(candidate));
    if (hit) found[`program.${program}`] = hit;
  }
  return found;
}
