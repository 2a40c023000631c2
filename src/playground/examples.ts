import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, visit, type DefinitionNode, type OperationDefinitionNode } from 'graphql';

/** One documented operation, as a document that runs alone: the operation and every fragment it uses. */
export interface Example {
  /** The operation's name, such as CreateApp */
  name: string;
  /** Its file in schema/operations, such as apps.graphql */
  file: string;
  text: string;
}

// From the project root, so the path holds both in src/playground/ and in the built dist/cli/corral.mjs.
const operationsDir = fileURLToPath(new URL('../../schema/operations/', import.meta.url));

/**
 * The operations the CLI and the dashboard send (schema/operations/*.graphql),
 * offered in the playground as they are written, comments and layout kept.
 * A fragment may live in another file than the operation that spreads it
 * (codegen reads them all as one), so fragments are gathered from every file.
 */
export function readExamples(dir = operationsDir): Example[] {
  const fragments = new Map<string, { text: string; node: DefinitionNode }>();
  const operations: { file: string; text: string; node: OperationDefinitionNode }[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const body = readFileSync(join(dir, file), 'utf8');
    for (const node of parse(body).definitions) {
      const text = body.slice(node.loc!.start, node.loc!.end);
      if (node.kind === Kind.FRAGMENT_DEFINITION) fragments.set(node.name.value, { text, node });
      else if (node.kind === Kind.OPERATION_DEFINITION && node.name) operations.push({ file, text, node });
    }
  }
  return operations.map(({ file, text, node }) => {
    const used = fragmentsUsedBy(node, fragments);
    const header = [`# ${node.name!.value}, as schema/operations/${file} has it`];
    const variables = variablesToFill(node);
    if (variables) header.push(`# Variables (the Variables tab below): ${variables}`);
    const parts = [header.join('\n'), text, ...used.map((name) => fragments.get(name)!.text)];
    return { name: node.name!.value, file, text: `${parts.join('\n\n')}\n` };
  });
}

/** The fragments `root` spreads, directly or through other fragments, in the order first met. */
function fragmentsUsedBy(root: DefinitionNode, fragments: Map<string, { node: DefinitionNode }>): string[] {
  const found: string[] = [];
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (found.includes(name) || !fragments.has(name)) return;
        found.push(name);
        walk(fragments.get(name)!.node);
      },
    });
  walk(root);
  return found;
}

/** The variables that must be given, as a JSON object with a placeholder of each one's type, or undefined when none must. */
function variablesToFill(operation: OperationDefinitionNode): string | undefined {
  const required = (operation.variableDefinitions ?? []).filter((variable) => variable.type.kind === Kind.NON_NULL_TYPE && !variable.defaultValue);
  if (required.length === 0) return undefined;
  const placeholder = (type: string) =>
    type === 'Int' || type === 'Float' ? 0 : type === 'Boolean' ? false : ['String', 'ID', 'BigInt', 'DateTime'].includes(type) ? '' : {};
  const entries = required.map((variable) => {
    const type = variable.type.kind === Kind.NON_NULL_TYPE ? variable.type.type : variable.type;
    return [variable.variable.name.value, type.kind === Kind.LIST_TYPE ? [] : placeholder(type.kind === Kind.NAMED_TYPE ? type.name.value : '')];
  });
  return JSON.stringify(Object.fromEntries(entries));
}
