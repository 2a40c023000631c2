/** One page of a connection, as the documented operations select it. */
interface Page<Node> {
  edges: { node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * Every node of a connection, asked for page after page while the gateway says there are more: a
 * page holds at most 1,000 (api/paging.ts), and a cluster may have 5,000 agents.
 */
export async function everyNode<Node>(pageAfter: (after: string | undefined) => Promise<Page<Node>>): Promise<Node[]> {
  const nodes: Node[] = [];
  for (let after: string | undefined; ; ) {
    const page = await pageAfter(after);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor ?? undefined;
  }
}
