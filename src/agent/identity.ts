import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The agent id the gateway gave, kept in the work dir so a restarted agent is the same agent. */
export function readAgentId(workDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(workDir, 'agent.json'), 'utf8')) as { agentId?: string }).agentId;
  } catch {
    return undefined;
  }
}

export function writeAgentId(workDir: string, agentId: string): void {
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, 'agent.json'), JSON.stringify({ agentId }) + '\n');
}
