import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Database } from '../db/index.ts';
import { bearerToken, confirmCaller, identifyCaller, Unauthenticated, type Caller } from '../tokens/index.ts';

/** What yoga hands the context function, over HTTP or (through graphql-ws) a socket. */
export interface InitialContext {
  request?: Request;
  req?: IncomingMessage;
  connectionParams?: Record<string, unknown>;
  /** A socket's caller, identified when it connected (its token is checked again for each operation) */
  caller?: Caller;
}

/** The Authorization header of a request, or the `authorization` connection parameter of a socket (browsers cannot set headers there). */
export function authorizationOf(initial: InitialContext): string | undefined {
  const param = initial.connectionParams?.authorization;
  if (typeof param === 'string') return param;
  return initial.request?.headers.get('authorization') ?? initial.req?.headers.authorization ?? undefined;
}

/** The caller, or a 401 that refuses the whole request (or a socket's operation) before any resolver runs. */
export async function callerOf(db: Database, tokensRequired: boolean, initial: InitialContext): Promise<Caller> {
  try {
    // A socket's token was found when it connected; whether it still holds costs a read by id, as an HTTP request's check does.
    if (initial.caller) return await confirmCaller(db.prisma, initial.caller);
    return await identifyCaller(db.prisma, bearerToken(authorizationOf(initial)), tokensRequired);
  } catch (error) {
    if (error instanceof Unauthenticated) throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    throw error;
  }
}
