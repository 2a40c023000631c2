import type { PrismaClient } from '../generated/prisma/client.ts';
import { unavailableSecrets } from '../secrets/index.ts';
import type { PassAgents } from './pass-agents.ts';
import { passBudget } from './placement/index.ts';
import type { Offers, ReconciledPass } from './plan.ts';

/**
 * What placement needs, read before it decides: the secrets each placing app waits for, and every
 * agent, only when some app places (at 5,000 agents, reading them at every pass held the gateway).
 */
export async function readOffers(prisma: PrismaClient, reconciled: ReconciledPass, agents: PassAgents): Promise<Offers> {
  const placing = reconciled.apps.filter(({ plan }) => plan.place > 0);
  const waits = await Promise.all(placing.map(async ({ app, spec }) => [app.id, await unavailableSecrets(prisma, spec)] as const));
  const waitingForSecrets = new Map(waits.filter(([, secrets]) => secrets.length > 0));
  const anyPlaces = placing.some(({ app }) => !waitingForSecrets.has(app.id));
  return { agents: anyPlaces ? await agents.all() : [], waitingForSecrets, budget: passBudget() };
}
