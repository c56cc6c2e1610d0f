/**
 * JSON with object keys sorted at every depth, so equal values always hash equally
 * (cache keys, content-addressed JSON artifacts). `undefined` members are dropped as
 * JSON.stringify drops them; non-finite numbers become null for the same reason.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v: unknown = Reflect.get(value, key);
      if (v !== undefined && typeof v !== 'function') out[key] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}
