/** The data of a mutation's success, or a failed test that shows the error the API gave. */
export function success<T extends { __typename: string }>(result: T): Extract<T, { data: unknown }>['data'] {
  if (!('data' in result)) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return (result as Extract<T, { data: unknown }>).data;
}
