import type { ColumnProfile } from './profile';

/** One Plotly chart: the `data` and `layout` arguments of `Plotly.newPlot`. */
export interface PlotlyFigure {
  readonly title: string;
  readonly column: string;
  readonly data: Record<string, unknown>[];
  readonly layout: Record<string, unknown>;
}

/** The `figure` artifact of data.profile (documented in main/components/README.md). */
export interface FigureSet {
  readonly figures: PlotlyFigure[];
}

const layoutFor = (title: string, xTitle: string): Record<string, unknown> => ({
  title: { text: title },
  xaxis: { title: { text: xTitle } },
  yaxis: { title: { text: 'count' } },
  bargap: 0.05,
  margin: { l: 50, r: 20, t: 40, b: 50 },
});

/**
 * Pre-binned bar charts rather than Plotly `histogram` traces: the renderer never receives the
 * rows (DESIGN.md, "Data plane"), only these aggregates.
 */
export function profileFigures(columns: readonly ColumnProfile[]): FigureSet {
  const figures: PlotlyFigure[] = [];
  for (const c of columns) {
    if (c.histogram && c.histogram.counts.length > 0) {
      const { edges, counts } = c.histogram;
      const x = counts.map((_, i) => ((edges[i] ?? 0) + (edges[i + 1] ?? 0)) / 2);
      const width = counts.map((_, i) => (edges[i + 1] ?? 0) - (edges[i] ?? 0));
      figures.push({
        title: `${c.name} (histogram)`,
        column: c.name,
        data: [{ type: 'bar', name: c.name, x, y: counts, width, hovertemplate: '%{x}: %{y}<extra></extra>' }],
        layout: layoutFor(`${c.name} (histogram)`, c.name),
      });
    } else if (c.top && c.top.length > 0) {
      figures.push({
        title: `${c.name} (top values)`,
        column: c.name,
        data: [{ type: 'bar', name: c.name, x: c.top.map((t) => String(t.value)), y: c.top.map((t) => t.count) }],
        layout: { ...layoutFor(`${c.name} (top values)`, c.name), xaxis: { title: { text: c.name }, type: 'category' } },
      });
    }
  }
  return { figures };
}
