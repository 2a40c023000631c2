import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AGENT_SECRET_HEADER, type AgentCommand, type PollResponse, type RegisterResponse } from '../agent/index.ts';
import type { ClusterCounters } from '../metrics/index.ts';
import { AgentIdentityRefused, AgentSecrets } from './agent-secrets.ts';
import { AgentTouches, registerAgent } from './agent-registry.ts';
import { ExpectedTasks, commandsForAgent } from './agent-commands.ts';
import { VersionSpecs } from './version-specs.ts';
import type { PollPacing } from './poll-pacing.ts';
import { StatusQueue } from './status-updates.ts';
import type { Database } from '../db/index.ts';
import { bearerToken, RememberedTokens } from '../tokens/index.ts';
import { checkPoll, checkRegister } from './agent-messages.ts';
import type { AgentWakeups } from './agent-wakeups.ts';
import type { SandboxFiles } from './sandbox-files.ts';
import type { ServiceDirectory } from './service-directory.ts';
import { readJsonBody, sendJson } from '../http/index.ts';
import { POLL_ANOTHER, type LeaderHandoff } from './leader-handoff.ts';

export interface AgentApiOptions {
  db: Database;
  wakeups: AgentWakeups;
  sandboxFiles: SandboxFiles;
  services: ServiceDirectory;
  /** Where status updates applied and tasks started are counted, for /metrics */
  counters: ClusterCounters;
  /** How long idle polls are held and silent agents are waited for, for the size of the fleet */
  pacing: PollPacing;
  /** Whether a poll goes to another gateway, this one leading the control loop */
  handoff?: LeaderHandoff;
}

/** /agent/v1/register and /agent/v1/poll: the gateway's side of the agent protocol. */
export function agentApi(options: AgentApiOptions) {
  // Agent tokens only: an API token, an admin's included, is not a way in for machines.
  const tokens = new RememberedTokens(options.db.prisma, ['AGENT']);
  const secrets = new AgentSecrets(options.db.prisma);
  const reports = new StatusQueue(options.db, options.counters);
  const touches = new AgentTouches(options.db);
  const expected = new ExpectedTasks(options.db.sql);
  const specs = new VersionSpecs(options.db.prisma);
  /** `log` is the request's: its lines carry the request id the agent sent, so both sides of a poll can be matched. */
  return async (req: IncomingMessage, res: ServerResponse, path: string, log: Logger): Promise<void> => {
    try {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      if (!(await tokens.verify(bearerToken(req.headers.authorization)))) {
        return sendJson(res, 401, { error: 'missing or wrong agent token: start the agent with --token (corral dev prints one)' });
      }
      const body = await readJsonBody(req, 8 * 1024 * 1024);
      if (!body.ok) return sendJson(res, body.status, { error: body.problem });
      const secret = agentSecretOf(req);
      if (path === '/agent/v1/register') return await register(options, secrets, body.value, secret, res, log);
      if (path === '/agent/v1/poll' && options.handoff?.turnsAway(req)) return sendJson(res, 503, POLL_ANOTHER);
      if (path === '/agent/v1/poll') return await poll(options, { reports, touches, expected, secrets, specs }, body.value, secret, res);
      sendJson(res, 404, { error: `no such agent endpoint: ${path}` });
    } catch (error) {
      // The agent gave up on this poll (it had a new status to send). Not req.destroyed: that is true
      // as soon as the body has been read, so every failure went unanswered and unlogged.
      if (res.destroyed) return;
      log.error({ err: error, path }, 'agent request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'the gateway could not handle this request; it is logged' });
    }
  };
}

function agentSecretOf(req: IncomingMessage): string | undefined {
  const header = req.headers[AGENT_SECRET_HEADER];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}

async function register(
  options: AgentApiOptions,
  secrets: AgentSecrets,
  body: unknown,
  secret: string | undefined,
  res: ServerResponse,
  log: Logger,
): Promise<void> {
  const request = checkRegister(body);
  if (!request.ok) return sendJson(res, 400, { error: `bad register request: ${request.problem}` });
  let registration: Awaited<ReturnType<typeof registerAgent>>;
  try {
    registration = await registerAgent(options.db.prisma, request.value, secret);
  } catch (error) {
    if (error instanceof AgentIdentityRefused) {
      log.warn({ agentId: request.value.agentId, hostname: request.value.hostname }, 'refused a register without the secret of the agent it names');
      return sendJson(res, 403, { error: error.message });
    }
    throw error;
  }
  const { agent, issuedSecret } = registration;
  const proven = issuedSecret ?? secret;
  if (proven) secrets.remember(agent.id, proven);
  log.info({ agentId: agent.id, hostname: agent.hostname, os: agent.os }, 'agent registered');
  const answer: RegisterResponse = {
    agentId: agent.id,
    ...(issuedSecret && { agentSecret: issuedSecret }),
    pollTimeoutMs: options.pacing.holdMs(),
    unreachableAfterMs: options.pacing.unreachableAfterMs(),
  };
  sendJson(res, 200, answer);
}

/** What the polls of a moment share: each is one round of group commit for all of them. */
interface PollRounds {
  reports: StatusQueue;
  touches: AgentTouches;
  expected: ExpectedTasks;
  specs: VersionSpecs;
  secrets: AgentSecrets;
}

async function poll(
  options: AgentApiOptions,
  { reports, touches, expected, secrets, specs }: PollRounds,
  body: unknown,
  secret: string | undefined,
  res: ServerResponse,
): Promise<void> {
  const request = checkPoll(body);
  if (!request.ok) return sendJson(res, 400, { error: `bad poll request: ${request.problem}` });
  const { agentId, tasks, statuses, fileReads } = request.value;
  // Before anything of the poll is touched or stored: its statuses, its commands and its tasks' specs are that agent's alone.
  const identity = await secrets.check(agentId, secret);
  if (identity === 'unknown') return sendJson(res, 404, { error: `agent ${agentId} is not registered: register again` });
  if (identity === 'unproven') {
    // An agent registered before secrets gets one by registering again; a stranger gets nothing more than that answer.
    return sendJson(res, secret ? 403 : 404, {
      error: secret ? `this poll does not carry the secret of agent ${agentId}` : `agent ${agentId} must register again to get its secret`,
    });
  }
  // Side by side: an update waits for one round of writes, not two. Updates of an agent that is not
  // registered match none of its tasks, so none is stored.
  const [registered, acknowledged] = await Promise.all([touches.touch(agentId), reports.apply(agentId, statuses)]);
  if (!registered) return sendJson(res, 404, { error: `agent ${agentId} is not registered: register again` });
  options.sandboxFiles.settle(agentId, fileReads);
  const commandsNow = async () => [
    ...(await commandsForAgent(options.db, agentId, tasks, await expected.of(agentId, tasks), specs)),
    ...options.sandboxFiles.commandsFor(agentId),
  ];
  const commands: AgentCommand[] = acknowledged.length > 0 ? [{ type: 'acknowledge', uuids: acknowledged }] : [];
  commands.push(...(await commandsNow()));
  let services = await newServiceTable(options, request.value.services);
  if (commands.length === 0 && !services) {
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    // Held for a little less than the hold, at random: agents that polled together (after a mass
    // launch, or a gateway restart) drift apart instead of returning every poll at once, a herd that
    // stalled the gateway for half a second every hold at a thousand agents.
    const woken = await options.wakeups.wait(agentId, options.pacing.holdMs() * (0.8 + 0.2 * Math.random()), gone.signal);
    if (gone.signal.aborted) return;
    // No touch here: the agent polls again as soon as this answer reaches it, and that poll
    // touches it (a held poll is at most a third of unreachableAfterMs), one write per poll, not two.
    // Nor, when nothing woke the poll, another read of its commands: that next poll reads them first.
    if (woken) commands.push(...(await commandsNow()));
    services = await newServiceTable(options, request.value.services);
  }
  // The agent gave up on this poll (it does, to send an answer or a status sooner): a read sent
  // into the closed connection would be lost, and its viewer left waiting; its next poll takes it.
  if (res.destroyed) return options.sandboxFiles.unsend(agentId, commands);
  // The hold grows with the fleet: the agent waits for its next poll's answer as long as this says.
  const answer: PollResponse = { commands, pollTimeoutMs: options.pacing.holdMs(), ...(services && { services }) };
  sendJson(res, 200, answer);
}

/** The service table, for an agent whose proxy has another version of it (agents without a proxy send none). */
async function newServiceTable(options: AgentApiOptions, agentHas: string | undefined) {
  if (agentHas === undefined) return undefined;
  const table = await options.services.current();
  return table && table.version !== agentHas ? table : undefined;
}
