import type { Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { GatewayContext } from '../api/index.ts';
import type { Caller } from '../tokens/index.ts';
import type { InitialContext } from './callers.ts';

type Enveloped = Pick<ReturnType<YogaServerInstance<Record<string, unknown>, GatewayContext>['getEnveloped']>, 'execute' | 'subscribe'>;

/** graphql-ws on the same port and path as the HTTP endpoint, through yoga's envelop (plugins and context apply). */
export function serveGraphqlWs(http: Server, yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>, identify: (initial: InitialContext) => Promise<Caller>) {
  // noServer: the HTTP server's own errors (a port in use) stay the gateway's to report.
  const sockets = new WebSocketServer({ noServer: true });
  http.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://gateway').pathname !== yoga.graphqlEndpoint) {
      socket.destroy();
      return;
    }
    if (!sameOrigin(request.headers.origin, request.headers.host)) {
      // A page of another site must not drive this gateway through the visitor's browser (cross-site WebSocket hijacking).
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\na page of another origin may not open a subscription here\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  const callers = new WeakMap<object, Caller>();
  const disposable = useServer(
    {
      // The token is checked once, when the socket connects: a refused one is closed with the reason.
      onConnect: async (ctx) => {
        try {
          callers.set(ctx.extra.socket, await identify({ connectionParams: ctx.connectionParams, req: ctx.extra.request }));
          return true;
        } catch (error) {
          ctx.extra.socket.close(4401, (error as Error).message.slice(0, 120));
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
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
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

/** Browsers send Origin; other clients (the CLI, agents, scripts) do not, and are let through to the token check. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
