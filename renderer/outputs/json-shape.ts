/**
 * What a JSON artifact is, judged by its shape, so each gets a readable view: Plotly figures,
 * validation reports (failed checks first), data profiles, and any other metrics flattened
 * into `key → value` rows.
 */

export interface PlotFigure {
  title: string;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export interface Check {
  name: string;
  kind: string;
  column?: string;
  passed: boolean;
  severity: string;
  observed: unknown;
  expected: unknown;
  message: string;
}

export interface ValidationReport {
  passed: boolean;
  rows?: number;
  referenceRows?: number;
  checks: Check[];
}

export interface ProfileColumn {
  name: string;
  type: string;
  kind: string;
  stats: Record<string, unknown>;
}

export type JsonView =
  | { kind: 'figures'; figures: PlotFigure[] }
  /** A trainer's metrics: its loss curve drawn, everything else as `key → value` rows. */
  | { kind: 'training'; curve: PlotFigure; rows: [string, unknown][] }
  | { kind: 'validation'; report: ValidationReport }
  | { kind: 'profile'; rows: number | null; columns: ProfileColumn[] }
  | { kind: 'flat'; rows: [string, unknown][] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function titleOf(layout: Record<string, unknown>): string {
  const t = layout.title;
  if (typeof t === 'string') return t;
  return isRecord(t) ? str(t.text) : '';
}

function asFigure(v: unknown): PlotFigure | null {
  if (!isRecord(v) || !Array.isArray(v.data)) return null;
  const layout = isRecord(v.layout) ? v.layout : {};
  return { title: str(v.title, titleOf(layout)), data: v.data.filter(isRecord), layout };
}

function asCheck(v: unknown): Check | null {
  if (!isRecord(v) || typeof v.passed !== 'boolean') return null;
  const check: Check = {
    name: str(v.name, str(v.kind, 'check')),
    kind: str(v.kind),
    passed: v.passed,
    severity: str(v.severity, 'expectation'),
    observed: v.observed,
    expected: v.expected,
    message: str(v.message),
  };
  if (typeof v.column === 'string') check.column = v.column;
  return check;
}

/** A validation report when the value has its shape (also found in a failed node's `details.report`). */
export function asValidationReport(v: unknown): ValidationReport | null {
  if (!isRecord(v) || !Array.isArray(v.checks)) return null;
  const checks = v.checks.map(asCheck);
  if (checks.some((c) => c === null)) return null;
  const report: ValidationReport = { passed: typeof v.passed === 'boolean' ? v.passed : checks.every((c) => c?.passed), checks: checks.filter((c): c is Check => c !== null) };
  if (typeof v.rows === 'number') report.rows = v.rows;
  if (typeof v.referenceRows === 'number') report.referenceRows = v.referenceRows;
  return report;
}

/** Failed checks first (a reader looks for what broke), file order otherwise. */
export function orderChecks(checks: readonly Check[]): Check[] {
  return [...checks.filter((c) => !c.passed), ...checks.filter((c) => c.passed)];
}

const PROFILE_STATS = ['count', 'missing', 'distinct', 'min', 'max', 'mean', 'std', 'q50'] as const;

function asProfile(v: unknown): JsonView | null {
  if (!isRecord(v) || !Array.isArray(v.columns) || v.columns.length === 0) return null;
  const columns: ProfileColumn[] = [];
  for (const c of v.columns) {
    if (!isRecord(c) || typeof c.name !== 'string' || typeof c.kind !== 'string') return null;
    const stats: Record<string, unknown> = {};
    for (const k of PROFILE_STATS) if (k in c) stats[k] = c[k];
    if (Array.isArray(c.top)) stats.top = c.top.filter(isRecord).map((t) => `${String(t.value)} (${String(t.count)})`).slice(0, 3).join(', ');
    columns.push({ name: c.name, type: str(c.type), kind: c.kind, stats });
  }
  return { kind: 'profile', rows: typeof v.rows === 'number' ? v.rows : null, columns };
}

/** Nested objects become dotted keys; arrays of scalars stay values; at most `limit` rows. */
export function flatten(v: unknown, limit = 500): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (x: unknown, prefix: string) => {
    if (out.length >= limit) return;
    if (isRecord(x) && Object.keys(x).length > 0) {
      for (const [k, child] of Object.entries(x)) walk(child, prefix ? `${prefix}.${k}` : k);
    } else if (Array.isArray(x) && x.some((e) => typeof e === 'object' && e !== null)) {
      x.forEach((child, i) => walk(child, `${prefix}[${i}]`));
    } else {
      out.push([prefix || 'value', x]);
    }
  };
  walk(v, '');
  return out;
}

export function classifyJson(value: unknown): JsonView {
  if (isRecord(value) && Array.isArray(value.figures)) {
    const figures = value.figures.map(asFigure).filter((f): f is PlotFigure => f !== null);
    if (figures.length > 0) return { kind: 'figures', figures };
  }
  const single = asFigure(value);
  if (single) return { kind: 'figures', figures: [single] };
  const report = asValidationReport(value);
  if (report) return { kind: 'validation', report };
  return asProfile(value) ?? asTraining(value) ?? { kind: 'flat', rows: flatten(value) };
}

const numbers = (v: unknown): v is (number | null)[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' || x === null);

/**
 * train.gbdt's `curve: { round, train, valid? }` or train.logistic's `curves: { loss }`: the loss
 * per round or iteration, drawn as lines instead of hundreds of table rows.
 */
function asTraining(value: unknown): JsonView | null {
  if (!isRecord(value)) return null;
  const key = isRecord(value.curve) ? 'curve' : isRecord(value.curves) ? 'curves' : null;
  const curve = key ? value[key] : null;
  if (!key || !isRecord(curve)) return null;
  const series = Object.entries(curve).filter((e): e is [string, (number | null)[]] => e[0] !== 'round' && numbers(e[1]));
  if (series.length === 0) return null;
  const x = numbers(curve.round) ? curve.round : (series[0]?.[1] ?? []).map((_, i) => i);
  const step = key === 'curve' ? 'round' : 'iteration';
  const lossName = str(value.loss, 'loss');
  // Lists (features, model inputs, classes) read better as one row each than as a row per item.
  const list = (v: unknown): unknown => {
    if (!Array.isArray(v)) return v;
    const names = v.map((e) => (isRecord(e) && typeof e.name === 'string' ? e.name : typeof e === 'string' || typeof e === 'number' ? String(e) : null));
    return names.every((n): n is string => n !== null) ? `${names.length}: ${names.join(', ')}` : v;
  };
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== key).map(([k, v]) => [k, list(v)]));
  return {
    kind: 'training',
    curve: {
      title: `Training curve (${lossName})`,
      data: series.map(([name, y]) => ({ type: 'scatter', mode: 'lines', name, x, y })),
      layout: { title: { text: `Training curve (${lossName})` }, xaxis: { title: { text: step } }, yaxis: { title: { text: lossName } } },
    },
    rows: flatten(rest),
  };
}

/**
 * WebGL traces (regl) compile their shaders' glue code with `Function`, which the app's CSP
 * (`script-src 'self'`) refuses; their SVG twins render the same data. Traces with no SVG twin
 * are dropped and named, so the view can say what it could not draw.
 */
const SVG_TWIN: Record<string, string> = { scattergl: 'scatter', scatterpolargl: 'scatterpolar', heatmapgl: 'heatmap' };
const GL_ONLY = new Set(['scatter3d', 'surface', 'mesh3d', 'cone', 'streamtube', 'volume', 'isosurface', 'splom', 'parcoords', 'pointcloud', 'scattermapbox', 'choroplethmapbox', 'densitymapbox', 'scattermap', 'choroplethmap', 'densitymap']);

export function svgSafeTraces(data: readonly Record<string, unknown>[]): { data: Record<string, unknown>[]; dropped: string[] } {
  const dropped: string[] = [];
  const safe: Record<string, unknown>[] = [];
  for (const trace of data) {
    const type = str(trace.type, 'scatter');
    if (GL_ONLY.has(type)) dropped.push(type);
    else safe.push(SVG_TWIN[type] ? { ...trace, type: SVG_TWIN[type] } : trace);
  }
  return { data: safe, dropped };
}
