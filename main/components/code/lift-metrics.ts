/**
 * The run-level scalar metrics of a cell: the finite top-level numbers of its `metrics`
 * outputs. Keys are the metric names; a name produced by two ports is prefixed with the port
 * (`eval.accuracy`) so neither is lost.
 */
export function liftMetrics(byPort: Record<string, unknown>): Record<string, number> {
  const seen = new Map<string, number>();
  const entries: [port: string, key: string, value: number][] = [];
  for (const [port, value] of Object.entries(byPort)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'number' && Number.isFinite(v)) {
        entries.push([port, key, v]);
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
  }
  return Object.fromEntries(entries.map(([port, key, v]) => [(seen.get(key) ?? 0) > 1 ? `${port}.${key}` : key, v]));
}
