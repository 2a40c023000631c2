type Json = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `top` over `base`, as Cosmos' JsonUtil.merge: objects merge key by key,
 * anything else in `top` replaces. Options over a schema's defaults, and
 * resource.json over the options, are merged so.
 */
export function mergedOver(base: Json, top: Json): Json {
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const under = result[key];
    result[key] = isJsonObject(under) && isJsonObject(value) ? mergedOver(under, value) : value;
  }
  return result;
}
