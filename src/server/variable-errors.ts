import {
  getOperationAST,
  GraphQLError,
  isInputObjectType,
  isInputType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  typeFromAST,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLInputType,
  type VariableDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { withoutSuggestions } from './field-suggestions.ts';

/** One thing wrong with the variables: where (`input.healthChecks[0].pathh`) and what. */
interface Problem {
  path: string;
  problem: string;
  node: VariableDefinitionNode;
}

// A scalar's refusal quotes the value it refused; a field name is the caller's: both are cut.
const MAX_PROBLEM = 160;
const MAX_NAME = 64;

/**
 * graphql-js refuses variables that do not fit their types with
 * `Variable "$input" got invalid value { ...the whole input... }; Field "x" is
 * not defined by type "AppInput".`: a 30-line app definition comes back whole,
 * for one unknown field, and the CLI printed it. Such errors are written again
 * here, one per problem, each naming its place and what is wrong:
 * `input.version: not a field of AppInput`. Only a request graphql-js has
 * already refused is looked at again, so a request it takes is never refused
 * here; if the second look finds nothing, graphql-js's own messages stand, cut
 * short. Over HTTP and graphql-ws alike (both go through yoga's envelop).
 */
export function readableVariableErrors(): Plugin {
  const rewrite =
    (args: ExecutionArgs) =>
    ({ result, setResult }: { result: unknown; setResult(result: ExecutionResult): void }) => {
      const errors = (result as ExecutionResult).errors;
      if (!errors?.some(isVariableError)) return;
      setResult({ ...(result as ExecutionResult), errors: readable(args, errors) });
    };
  return {
    onExecute: ({ args }) => ({ onExecuteDone: rewrite(args) }),
    onSubscribe: ({ args }) => ({ onSubscribeResult: rewrite(args) }),
  };
}

/** graphql-js's variable errors point at the variable's definition and come before any field ran (no path). */
function isVariableError(error: GraphQLError): boolean {
  return error.path === undefined && (error.nodes ?? []).some((node) => node.kind === Kind.VARIABLE_DEFINITION);
}

function readable(args: ExecutionArgs, errors: readonly GraphQLError[]): GraphQLError[] {
  const operation = getOperationAST(args.document, args.operationName);
  const problems: Problem[] = [];
  for (const definition of operation?.variableDefinitions ?? []) problems.push(...variableProblems(args, definition));
  const others = errors.filter((error) => !isVariableError(error));
  if (problems.length === 0) return [...errors.filter(isVariableError).map((error) => badInput(cut(error.message), error.nodes)), ...others];
  return [...problems.map(({ path, problem, node }) => badInput(`${path}: ${problem}`, [node], path)), ...others];
}

function badInput(message: string, nodes: GraphQLError['nodes'], field?: string): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}), http: { status: 400 } } });
}

function variableProblems(args: ExecutionArgs, definition: VariableDefinitionNode): Problem[] {
  const name = definition.variable.name.value;
  const type = typeFromAST(args.schema, definition.type as never);
  if (!type || !isInputType(type)) return [];
  const problems: Problem[] = [];
  const found = (path: string, problem: string) => problems.push({ path, problem, node: definition });
  const values = args.variableValues ?? {};
  if (!Object.hasOwn(values, name)) {
    if (!definition.defaultValue && isNonNullType(type)) found(name, `required (${type.toString()}), not given`);
  } else check(values[name], type, name, found);
  return problems;
}

/** Walks a value along its input type as graphql-js's coerceInputValue does, reporting each problem where it is. */
function check(value: unknown, type: GraphQLInputType, path: string, found: (path: string, problem: string) => void): void {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) return void found(path, `must not be null (${type.toString()})`);
    return check(value, type.ofType, path, found);
  }
  if (value === null || value === undefined) return;
  if (isListType(type)) {
    // A single value stands for a list of one, as in graphql-js.
    if (!Array.isArray(value)) return check(value, type.ofType, path, found);
    value.forEach((item, index) => check(item, type.ofType, `${path}[${index}]`, found));
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return void found(path, `must be an object (${type.name})`);
    const fields = type.getFields();
    const given = value as Record<string, unknown>;
    for (const key of Object.keys(given)) if (!Object.hasOwn(fields, key)) found(`${path}.${cut(key, MAX_NAME)}`, `not a field of ${type.name}`);
    for (const field of Object.values(fields)) {
      const fieldValue = given[field.name];
      if (fieldValue !== undefined) check(fieldValue, field.type, `${path}.${field.name}`, found);
      else if (isNonNullType(field.type) && field.defaultValue === undefined) found(`${path}.${field.name}`, `required (${field.type.toString()}), not given`);
    }
    return;
  }
  if (isLeafType(type)) {
    try {
      if (type.parseValue(value) === undefined) found(path, `not a valid ${type.name}`);
    } catch (error) {
      // A scalar's own message quotes the value: an object or list given for a scalar would come back whole.
      if (typeof value === 'object') found(path, `must be ${article(type.name)} ${type.name}, not ${Array.isArray(value) ? 'a list' : 'an object'}`);
      // graphql-js's " Did you mean …?" is left out, as field-suggestions.ts leaves it out of validation errors.
      else found(path, cut(withoutSuggestions((error as Error).message)));
    }
  }
}

const article = (word: string) => (/^[AEIOU]/.test(word) ? 'an' : 'a');
const cut = (text: string, max = MAX_PROBLEM) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
