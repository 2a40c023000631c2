import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { GatewayContext } from '../api/index.ts';
import { REVOKED, type Caller, type Revocations } from '../tokens/index.ts';
import { addressOf, type AuthFailures } from './auth-failures.ts';
import type { InitialContext } from './callers.ts';
import type { OriginGuard } from './origin-guard.ts';

/** How the sockets' tokens are watched: failed attempts per address, and revocations that close sockets. */
export interface SocketTokens {
  failures: AuthFailures;
  revocations: Revocations;
}

/** graphql-ws close codes: the token was refused, revoked, or the address failed too often; the check itself failed. */
const REFUSED = 4401;
const REVOKED_CODE = 4403;
const TOO_MANY = 4429;
const INTERNAL = 4500;
/** A client that does not answer a close is cut off after this long (it could otherwise keep sending for ws's 30 s). */
const CLOSE_GRACE_MS = 1000;

type Enveloped = Pick<ReturnType<YogaServerInstance<Record<string, unknown>, GatewayContext>['getEnveloped']>, 'execute' | 'subscribe'>;

/** graphql-ws on the same port and path as the HTTP endpoint, through yoga's envelop (plugins and context apply). */
export function serveGraphqlWs(
  http: Server,
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>,
  identify: (initial: InitialContext) => Promise<Caller>,
  guard: OriginGuard,
  tokens: SocketTokens,
) {
  // noServer: the HTTP server's own errors (a port in use) stay the gateway's to report.
  const sockets = new WebSocketServer({ noServer: true });
  http.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://gateway').pathname !== yoga.graphqlEndpoint) {
      socket.destroy();
      return;
    }
    // A page of another site must not drive this gateway through the visitor's browser (cross-site WebSocket hijacking, DNS rebinding).
    const refusal = guard.hostRefusal(request) ?? guard.originRefusal(request);
    if (refusal) {
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\n${refusal}\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  const callers = new WeakMap<object, Caller>();
  const disposable = useServer(
    {
      // The token is found when the socket connects (a refused one is closed with the reason), checked
      // again for each operation (callerOf), and the socket is closed (4403) when it is revoked.
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const address = addressOf(request);
        const presented = ctx.connectionParams?.authorization !== undefined || request.headers.authorization !== undefined;
        const waitMs = presented ? tokens.failures.retryAfterMs(address) : 0;
        if (waitMs > 0) {
          socket.close(TOO_MANY, tokens.failures.refusal(waitMs).slice(0, 120));
          return false;
        }
        try {
          const caller = await identify({ connectionParams: ctx.connectionParams, req: request });
          callers.set(socket, caller);
          // A socket that closed while its token was looked up holds nothing.
          if (caller.tokenId && socket.readyState === socket.OPEN)
            socket.once(
              'close',
              tokens.revocations.hold(caller.tokenId, () => closeFirmly(socket, REVOKED_CODE, REVOKED)),
            );
          return true;
        } catch (error) {
          const code = (error as GraphQLError).extensions?.code;
          if (code === 'UNAUTHENTICATED' && presented) tokens.failures.failed(address);
          // Messages of refusals are meant for the client; any other failure's could carry internals.
          if (code === 'UNAUTHENTICATED' || code === 'RATE_LIMITED')
            socket.close(code === 'RATE_LIMITED' ? TOO_MANY : REFUSED, (error as Error).message.slice(0, 120));
          else socket.close(INTERNAL, 'the gateway could not check the token');
          return false;
        }
      },
      execute: (args) => (args.rootValue as Enveloped).execute(args as ExecutionArgs),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args as ExecutionArgs),
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          caller: callers.get(ctx.extra.socket),
        });
        const args = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextOf(contextFactory, ctx.extra.socket),
          rootValue: { execute, subscribe },
        };
        if (args.contextValue instanceof GraphQLError) return [args.contextValue];
        const errors = validate(args.schema, args.document);
        return errors.length > 0 ? errors : (args as never);
      },
    },
    sockets,
  );
  return {
    close: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

/**
 * The operation's context, or the refusal that stops this operation alone (a rate limit), or the
 * whole socket (its token was revoked meanwhile): thrown, it would close the socket as an internal error.
 */
async function contextOf(contextFactory: () => unknown, socket: WebSocket): Promise<unknown> {
  try {
    return await contextFactory();
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    if (error.message === REVOKED) closeFirmly(socket, REVOKED_CODE, REVOKED);
    return error;
  }
}

/** Closes with `code`, and cuts the connection if the client does not answer within CLOSE_GRACE_MS. */
function closeFirmly(socket: WebSocket, code: number, reason: string): void {
  socket.close(code, reason);
  setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
}
