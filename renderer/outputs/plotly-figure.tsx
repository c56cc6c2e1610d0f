import { useEffect, useMemo, useRef, useState } from 'react';
import { svgSafeTraces, type PlotFigure } from './json-shape';

/** The two calls used; figures arrive as JSON checked by shape, not as Plotly's own trace types. */
interface PlotlyApi {
  react(el: HTMLElement, data: unknown[], layout: unknown, config: unknown): Promise<unknown>;
  purge(el: HTMLElement): void;
}

// Plotly is ~3.5 MB: load it on first use, into its own chunk, once for the whole app.
let plotly: Promise<PlotlyApi> | null = null;
const loadPlotly = (): Promise<PlotlyApi> => (plotly ??= import('plotly.js-dist-min').then((m): PlotlyApi => m.default));

function themed(layout: Record<string, unknown>): Record<string, unknown> {
  const css = getComputedStyle(document.documentElement);
  const text = css.getPropertyValue('--text').trim() || '#1c2430';
  const grid = css.getPropertyValue('--border').trim() || '#dde1e7';
  const axis = (a: unknown) => ({ gridcolor: grid, zerolinecolor: grid, ...(typeof a === 'object' && a !== null ? a : {}) });
  return {
    ...layout,
    autosize: true,
    height: typeof layout.height === 'number' ? layout.height : 280,
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: text, size: 11 },
    xaxis: axis(layout.xaxis),
    yaxis: axis(layout.yaxis),
    margin: { l: 48, r: 16, t: 36, b: 40 },
  };
}

/** One Plotly figure, zoomable (drag to zoom, double-click to reset), drawn with SVG traces only. */
export function PlotlyFigure({ figure, theme }: { figure: PlotFigure; theme: string }) {
  const el = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const { data, dropped } = useMemo(() => svgSafeTraces(figure.data), [figure.data]);

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    let cancelled = false;
    loadPlotly()
      .then((Plotly) => {
        if (cancelled) return;
        return Plotly.react(node, data, themed(figure.layout), { responsive: true, displaylogo: false, scrollZoom: false });
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
    };
  }, [data, figure.layout, theme]);

  useEffect(() => {
    const node = el.current;
    return () => {
      if (node) void loadPlotly().then((Plotly) => Plotly.purge(node));
    };
  }, []);

  return (
    <figure className="plot" data-testid="plot">
      <div ref={el} className="plot-area" />
      {dropped.length > 0 && <figcaption className="plot-note">Not drawn: {[...new Set(dropped)].join(', ')} traces need WebGL code generation, which the app's security policy forbids.</figcaption>}
      {error && <div className="error-box">Could not draw this figure: {error}</div>}
    </figure>
  );
}
