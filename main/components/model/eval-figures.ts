import type { ClassificationReport, RegressionReport } from '../../ml/evaluation';
import type { FigureSet, PlotlyFigure } from '../data/profile-figures';

/** Plotly figures of model.evaluate, in data.profile's `{ figures: [{ title, data, layout }] }` shape. */

const margin = { l: 60, r: 20, t: 40, b: 50 };

function figure(title: string, column: string, data: Record<string, unknown>[], xTitle: string, yTitle: string, extra: Record<string, unknown> = {}): PlotlyFigure {
  return {
    title,
    column,
    data,
    layout: { title: { text: title }, xaxis: { title: { text: xTitle } }, yaxis: { title: { text: yTitle } }, margin, ...extra },
  };
}

const diagonal = (name: string): Record<string, unknown> => ({ type: 'scatter', mode: 'lines', name, x: [0, 1], y: [0, 1], line: { dash: 'dash', color: '#999' }, hoverinfo: 'skip' });

export function classificationFigures(report: ClassificationReport, target: string): FigureSet {
  const { labels, matrix } = report.confusion_matrix;
  const figures: PlotlyFigure[] = [
    figure(
      'Confusion matrix',
      target,
      [{ type: 'heatmap', x: labels, y: labels, z: matrix, colorscale: 'Blues', text: matrix, texttemplate: '%{text}', hovertemplate: 'true %{y}, predicted %{x}: %{z}<extra></extra>' }],
      'predicted',
      'true',
      { xaxis: { title: { text: 'predicted' }, type: 'category' }, yaxis: { title: { text: 'true' }, type: 'category', autorange: 'reversed' } },
    ),
  ];
  const curves = report.curves;
  if (curves) {
    const roc = Object.entries(curves.roc).map(([cls, c]) => ({ type: 'scatter', mode: 'lines', name: `${cls} (AUC ${c.auc === null ? 'n/a' : c.auc.toFixed(3)})`, x: c.x, y: c.y }));
    figures.push(figure('ROC curve', target, [...roc, diagonal('chance')], 'false positive rate', 'true positive rate'));
    const pr = Object.entries(curves.pr).map(([cls, c]) => ({ type: 'scatter', mode: 'lines', name: `${cls} (AP ${c.average_precision === null ? 'n/a' : c.average_precision.toFixed(3)})`, x: c.x, y: c.y }));
    figures.push(figure('Precision-recall curve', target, pr, 'recall', 'precision', { yaxis: { title: { text: 'precision' }, range: [0, 1.05] } }));
    const cal = Object.entries(curves.calibration).map(([cls, c]) => ({
      type: 'scatter',
      mode: 'lines+markers',
      name: cls,
      x: c.mean_predicted,
      y: c.fraction_positive,
      text: c.count.map((n) => `${n} rows`),
    }));
    figures.push(figure('Calibration curve', target, [...cal, diagonal('perfectly calibrated')], 'mean predicted probability', 'fraction of positives'));
  }
  return { figures };
}

export function regressionFigures(report: RegressionReport, target: string): FigureSet {
  const points = report.points;
  if (!points) return { figures: [] };
  const lo = Math.min(...points.actual, ...points.predicted);
  const hi = Math.max(...points.actual, ...points.predicted);
  const residuals = points.actual.map((a, i) => a - (points.predicted[i] ?? 0));
  return {
    figures: [
      figure(
        'Predicted vs actual',
        target,
        [
          { type: 'scattergl', mode: 'markers', name: 'rows', x: points.actual, y: points.predicted, marker: { size: 5, opacity: 0.6 } },
          { type: 'scatter', mode: 'lines', name: 'y = x', x: [lo, hi], y: [lo, hi], line: { dash: 'dash', color: '#999' } },
        ],
        `actual ${target}`,
        `predicted ${target}`,
      ),
      figure(
        'Residuals',
        target,
        [
          { type: 'scattergl', mode: 'markers', name: 'rows', x: points.predicted, y: residuals, marker: { size: 5, opacity: 0.6 } },
          { type: 'scatter', mode: 'lines', name: 'zero', x: [Math.min(...points.predicted), Math.max(...points.predicted)], y: [0, 0], line: { dash: 'dash', color: '#999' } },
        ],
        `predicted ${target}`,
        'actual − predicted',
      ),
    ],
  };
}
