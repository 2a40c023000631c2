import {
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  Kind,
  typeFromAST,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../api/index.ts';

type Variables = Record<string, unknown>;

/**
 * The most nodes an operation can return, as GitHub's GraphQL API counts them: each connection
 * field counts its page (`first` or `last`, or the default page when neither is given) times the
 * pages of the connections around it, and the operation's count is the sum over its connections.
 * `apps(first: 1000) { nodes { tasks(first: 1000) { ... } } }` is 1,000 apps and 1,000 × 1,000
 * tasks: 1,001,000. Variables count as given (`variables` are the coerced ones), fragments are
 * followed, @skip and @include are honoured, and a field selected twice is counted once, as it is
 * answered once. Plain lists count as one: those of this API are small by nature (api/README.md).
 */
export function mostNodes(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Variables): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  return new NodeCount(schema, document, variables).ofObject(root, [operation.selectionSet]);
}

/** Connections are known by the schema, as the relay plugin makes them: a *Connection type, or paging arguments. */
export function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(field.type);
  if (isObjectType(type) && type.name.endsWith('Connection')) return true;
  return field.args.some((arg) => arg.name === 'first') && field.args.some((arg) => arg.name === 'after');
}

class NodeCount {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  // A fragment spread in many places meets the same fields again: counted once for each type they are on.
  private readonly counted = new Map<string, number>();
  private readonly ids = new Map<FieldNode, number>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Variables,
  ) {
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
  }

  /** The nodes under one object of `type` for these selections, the pages around it aside. */
  ofObject(type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): number {
    let nodes = 0;
    for (const fields of this.collect(type, selectionSets, new Map(), new Set()).values()) nodes += this.ofField(type, fields);
    return nodes;
  }

  /** One field of the answer (every node that selects it under this response key), and everything under it. */
  private ofField(parent: GraphQLObjectType, nodes: FieldNode[]): number {
    const field = parent.getFields()[nodes[0]!.name.value];
    if (!field) return 0; // __typename
    const key = `${parent.name}:${nodes.map((node) => this.idOf(node)).join(',')}`;
    const known = this.counted.get(key);
    if (known !== undefined) return known;
    const selectionSets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    const type = getNamedType(field.type);
    // Each object of an interface or union is one of its types: the one with the most nodes bounds it.
    const objects = isAbstractType(type) ? this.schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
    const below = selectionSets.length === 0 ? 0 : Math.max(0, ...objects.map((object) => this.ofObject(object, selectionSets)));
    const page = isConnection(field) ? this.pageOf(field, nodes[0]!) : undefined;
    const count = page === undefined ? below : page + page * below;
    this.counted.set(key, count);
    return count;
  }

  /**
   * What `first` or `last` asks (the larger if both are given), or the default page. A page past
   * MAX_PAGE_SIZE counts as MAX_PAGE_SIZE: paging refuses it, naming the argument, which says more
   * than a count would, and no page returns more.
   */
  private pageOf(field: GraphQLField<unknown, unknown>, node: FieldNode): number {
    let page: number | undefined;
    for (const name of ['first', 'last']) {
      const arg = field.args.find((candidate) => candidate.name === name);
      const given = node.arguments?.find((argument) => argument.name.value === name);
      const value = given && arg ? valueFromAST(given.value, arg.type, this.variables) : arg?.defaultValue;
      if (typeof value === 'number') page = Math.max(page ?? 0, value);
    }
    return Math.min(Math.max(0, page ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  }

  /** The fields of an object of `type`, by response key, as graphql-js's executor collects them. */
  private collect(type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[], fields: Map<string, FieldNode[]>, spread: Set<string>) {
    for (const selectionSet of selectionSets)
      for (const selection of selectionSet.selections) {
        if (!this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const same = fields.get(key);
          if (same) same.push(selection);
          else fields.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.applies(selection.typeCondition, type)) this.collect(type, [selection.selectionSet], fields, spread);
        } else {
          const fragment = this.fragments.get(selection.name.value);
          if (!fragment || spread.has(fragment.name.value) || !this.applies(fragment.typeCondition, type)) continue;
          spread.add(fragment.name.value);
          this.collect(type, [fragment.selectionSet], fields, spread);
        }
      }
    return fields;
  }

  private included(selection: SelectionSetNode['selections'][number]): boolean {
    if (getDirectiveValues(GraphQLSkipDirective, selection, this.variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, selection, this.variables)?.if !== false;
  }

  private applies(condition: InlineFragmentNode['typeCondition'], type: GraphQLObjectType): boolean {
    if (!condition) return true;
    const conditionType = typeFromAST(this.schema, condition);
    if (conditionType === type) return true;
    return conditionType !== undefined && isAbstractType(conditionType) && this.schema.isSubType(conditionType, type);
  }

  private idOf(node: FieldNode): number {
    let id = this.ids.get(node);
    if (id === undefined) this.ids.set(node, (id = this.ids.size));
    return id;
  }
}
