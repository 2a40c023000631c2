/**
 * The gateway's count of SQL statements sent so far, from its /metrics
 * (`corral_database_statements_total`, Prometheus text format, summed over
 * any labels); null when the gateway does not export it.
 */
export async function statementsSoFar(gatewayUrl: string): Promise<number | null> {
  const response = await fetch(`${gatewayUrl}/metrics`).catch(() => null);
  if (!response?.ok) return null;
  const text = await response.text();
  let total: number | null = null;
  for (const line of text.split('\n')) {
    const match = /^corral_database_statements_total(?:\{[^}]*\})?\s+([0-9.eE+-]+)/.exec(line);
    if (match) total = (total ?? 0) + Number(match[1]);
  }
  return total;
}
