import { Agent as HttpAgent, request } from 'node:http';
import { AGENT_SECRET_HEADER, OTHER_GATEWAYS_HEADER } from '../src/agent/index.ts';

/** A request that can be ended early: `cancel` is set once it is sent, and `cancelled` once it was used. */
export interface PollCall {
  timeoutMs: number;
  cancel?: () => void;
  cancelled?: boolean;
}

/** The gateway leads the control loop and leaves this agent to another (a 503 with pollAnother). */
export class TurnedAway extends Error {}

// Made once: an error made for each cancel captured a stack trace every time, for nobody to read.
const cancelled = new Error('cancelled: a new status to send, or stopping');
const timedOut = new Error('no answer in time');

/** One agent's connection to its gateways: keep-alive sockets of its own, as each real agent has. */
export function agentSockets(): HttpAgent {
  // With a timeout set, an idle socket also honours the gateway's "Keep-Alive: timeout=5" hint (closed
  // a second early), so a request is not sent on a socket the gateway is closing (ECONNRESET).
  return new HttpAgent({ keepAlive: true, timeout: 60_000 });
}

/** What a request says of the agent that sends it. */
export interface AgentRequest {
  /** Its own sockets (agentSockets): one pool shared by thousands of agents searched its list of sockets to a gateway at every request (6 % of the simulator's profile) */
  sockets: HttpAgent;
  /** What the gateway issued the agent at registration, which its later requests show */
  agentSecret?: string;
  /** When given, can end the request early (`cancel`: a new status to send, or stopping) and gives it up after `timeoutMs` */
  call?: PollCall;
  /** How many other gateways the agent could poll instead (OTHER_GATEWAYS_HEADER) */
  otherGateways?: number;
}

/**
 * The simulated agents' HTTP side: POST JSON to /agent/v1/*, as the real
 * agent's GatewayLink does, over node:http with keep-alive (lighter than fetch
 * when thousands of agents share one process).
 */
export class AgentLink {
  private readonly base: URL;

  constructor(
    master: string,
    private readonly token: string,
  ) {
    this.base = new URL(master);
  }

  /**
   * Not an AbortSignal for `call`: two controllers, AbortSignal.any and the abort listeners of every
   * poll of 5,000 agents were a tenth of the simulator's time in a burst, and each abort's error a
   * stack trace mapped to the sources.
   */
  post<T>(path: string, body: unknown, { sockets, agentSecret, call, otherGateways = 0 }: AgentRequest): Promise<T> {
    const payload = JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        {
          agent: sockets,
          host: this.base.hostname,
          port: this.base.port,
          path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: `Bearer ${this.token}`,
            ...(agentSecret && { [AGENT_SECRET_HEADER]: agentSecret }),
            [OTHER_GATEWAYS_HEADER]: otherGateways,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          // Cut short by an abort (a new status to send) after the answer began: end this request too.
          res.on('close', () => {
            if (!res.complete) reject(new Error(`${path}: the answer was cut short`));
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 503 && text.includes('"pollAnother":true')) return reject(new TurnedAway(text));
            if (res.statusCode !== 200) return reject(new Error(`${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
            try {
              resolve(JSON.parse(text) as T);
            } catch (error) {
              reject(error as Error);
            }
          });
        },
      );
      req.on('error', reject);
      if (call) {
        const timer = setTimeout(() => req.destroy(timedOut), call.timeoutMs);
        req.once('close', () => clearTimeout(timer));
        call.cancel = () => {
          call.cancelled = true;
          req.destroy(cancelled);
        };
      }
      req.end(payload);
    });
  }
}
