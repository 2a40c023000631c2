import { getOperationAST, getVariableValues, GraphQLError, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { mostNodes } from './node-count.ts';

/**
 * Refuses an operation that may return more than `maxNodes` nodes (node-count.ts), before it runs:
 * it bounds the answer, not the rows read for it (a page nested under many parents is cut by Prisma
 * after reading every child row: api/README.md),
 * as GitHub's API refuses one past 500,000. Pages nest: every page is at most 1,000 rows, but apps'
 * pages of tasks could return every task of a 100,000-task cluster in one answer, and graphql-armor's
 * cost limit multiplies only by a literal `first`, so `first: $n` gets past it. The count needs the
 * variables' values, so it is made when the operation is about to run, over HTTP and graphql-ws alike
 * (both go through yoga's envelop).
 */
export function limitNodes(maxNodes: number): Plugin {
  const check = ({ args, setResultAndStopExecution }: { args: ExecutionArgs; setResultAndStopExecution(result: { errors: GraphQLError[] }): void }) => {
    const refusal = refusalOf(args, maxNodes);
    if (refusal) setResultAndStopExecution({ errors: [refusal] });
  };
  return { onExecute: check, onSubscribe: check };
}

function refusalOf(args: ExecutionArgs, maxNodes: number): GraphQLError | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined;
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  // Variables that do not fit their types are refused by the executor itself (variable-errors.ts words it).
  if (coerced.errors) return undefined;
  let nodes: number;
  try {
    nodes = mostNodes(args.schema, args.document, operation, coerced.coerced);
  } catch (error) {
    // An argument graphql-js cannot read (a non-null one given an unset variable) is its to refuse, as it runs.
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
  if (nodes <= maxNodes) return undefined;
  return new GraphQLError(
    `nodes: this ${operation.operation} may return ${nodes} nodes, more than the ${maxNodes} a request may ask for; page the inner list, or ask for fewer per page`,
    { extensions: { code: 'BAD_USER_INPUT', nodes, limit: maxNodes, http: { status: 400 } } },
  );
}
