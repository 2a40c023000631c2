import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../api/index.ts';
import { REVOKED, type Revocations } from '../tokens/index.ts';

/**
 * Ends a subscription when its caller's token is revoked, whatever carries it: this is what stops
 * one served over HTTP (Server-Sent Events); a graphql-ws socket is closed as a whole besides
 * (subscriptions.ts). The subscriber gets a last result with the reason, then the end.
 */
export function endSubscriptionsOnRevocation(revocations: Revocations): Plugin<GatewayContext> {
  return {
    onSubscribe: () => ({
      onSubscribeResult: ({ args, result, setResult }) => {
        const tokenId = (args.contextValue as GatewayContext).caller.tokenId;
        if (tokenId && isAsyncIterable<ExecutionResult>(result)) setResult(untilRevoked(result, (end) => revocations.hold(tokenId, end)));
      },
    }),
  };
}

function untilRevoked(source: AsyncIterable<ExecutionResult>, hold: (end: () => void) => () => void): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let revoke = () => {};
  const revoked = new Promise<'revoked'>((resolve) => (revoke = () => resolve('revoked')));
  const release = hold(revoke);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    release();
    // Not awaited: the source may be waiting for its next event, which return() interrupts.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  };
  return {
    async next() {
      if (ended) return { done: true, value: undefined };
      let step: IteratorResult<ExecutionResult> | 'revoked';
      try {
        step = await Promise.race([iterator.next(), revoked]);
      } catch (error) {
        end();
        throw error;
      }
      if (step === 'revoked') {
        end();
        return { done: false, value: { errors: [new GraphQLError(REVOKED, { extensions: { code: 'UNAUTHENTICATED' } })] } };
      }
      if (step.done) end();
      return step;
    },
    async return() {
      end();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
