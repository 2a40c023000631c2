import type { PrismaClient } from '../generated/prisma/client.ts';
import type { TokenRole } from '../generated/prisma/enums.ts';
import { hashToken } from './secrets.ts';
import { verifyToken } from './store.ts';

/** How long a good token is believed without asking the database again. */
export const REMEMBERED_FOR_MS = 5000;

/**
 * Token checks for callers that come back every few seconds (agents' polls): a good token is
 * remembered for REMEMBERED_FOR_MS, so thousands of agents do not each cost a read per poll.
 * The price: a token revoked meanwhile still passes here until then. (Wrong tokens are remembered
 * too, briefly, by verifyToken: see wrong-tokens.ts.)
 */
export class RememberedTokens {
  private readonly goodUntil = new Map<string, number>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly roles: TokenRole[],
  ) {}

  async verify(secret: string | undefined): Promise<boolean> {
    if (!secret) return false;
    const hash = hashToken(secret);
    if ((this.goodUntil.get(hash) ?? 0) > Date.now()) return true;
    const good = (await verifyToken(this.prisma, secret, this.roles)) !== null;
    if (good) this.goodUntil.set(hash, Date.now() + REMEMBERED_FOR_MS);
    else this.goodUntil.delete(hash);
    return good;
  }
}
