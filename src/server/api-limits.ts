import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { limitNodes } from './node-limit.ts';

/** What one request may ask of the API; each refusal names its limit, before any resolver runs. */
export interface ApiLimits {
  /** Nesting of fields (introspection aside) */
  maxDepth: number;
  /**
   * graphql-armor's cost: objects 2, scalars 1, growing with depth, times a literal `first` or `last`
   * (the dashboard's app list, 100 apps with 10 tasks each, costs ~147,000)
   */
  maxCost: number;
  /**
   * Nodes an operation may return: the pages of its connections multiplied along each path and
   * summed, variables counted (node-count.ts). 100,000 keeps one request from reading every task of a
   * 100,000-task cluster; the dashboard asks for ~1,100 (GitHub's API allows 500,000 with pages of 100)
   */
  maxNodes: number;
  maxAliases: number;
  /** Tokens of the document: bounds the parser's work */
  maxTokens: number;
  /** Bytes of a request body */
  maxBodyBytes: number;
  /** Requests per second per token, with bursts up to `burst` */
  perSecond: number;
  burst: number;
}

// Every operation in schema/operations stays well inside these (a test checks it).
export const defaultLimits: ApiLimits = {
  maxDepth: 10,
  maxCost: 200_000,
  maxNodes: 100_000,
  maxAliases: 15,
  maxTokens: 2000,
  maxBodyBytes: 1024 * 1024,
  perSecond: 100,
  burst: 200,
};

/** The CSRF header a browser page must send with a GET or a form-like POST (JSON POSTs are preflighted anyway). */
export const CSRF_HEADER = 'x-corral-csrf';

export function limitPlugins(limits: ApiLimits): Plugin[] {
  return [
    maxDepthPlugin({ n: limits.maxDepth, ignoreIntrospection: true, exposeLimits: true }),
    costLimitPlugin({ maxCost: limits.maxCost, ignoreIntrospection: true, exposeLimits: true }),
    limitNodes(limits.maxNodes),
    maxAliasesPlugin({ n: limits.maxAliases, exposeLimits: true }),
    maxTokensPlugin({ n: limits.maxTokens, exposeLimits: true }),
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
  ] as Plugin[];
}
