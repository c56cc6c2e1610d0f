import { z } from 'zod';
import type { PortType } from '../../../shared/pipeline/component-info';
import type { OutputValue, RunResult } from '../../engine/component';

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

/** A cell's result: its outputs, plus the metrics lifted from its `metrics` ports when there are any. */
export function cellResult(
  declared: Readonly<Record<string, PortType>>,
  jsonByPort: Readonly<Record<string, unknown>>,
  outputs: Record<string, OutputValue>,
): RunResult {
  const metricPorts = Object.entries(declared).filter(([, type]) => type === 'metrics').map(([name]) => name);
  const metrics = liftMetrics(Object.fromEntries(metricPorts.map((p) => [p, jsonByPort[p]])));
  return Object.keys(metrics).length > 0 ? { outputs, metrics } : { outputs };
}

/** The params every code cell takes. */
export const cellParams = z.object({
  /** Stop the cell after this many seconds. */
  timeoutSeconds: z.number().positive().optional(),
});
