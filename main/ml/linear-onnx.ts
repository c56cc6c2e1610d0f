import type { Attr, OnnxGraph } from './onnx/graph';
import { attr } from './onnx/graph';

/**
 * Model heads on top of the preprocessed feature matrix [N, F], with Nodebook's output names:
 * classifiers `label` [N] and `probabilities` [N, K]; regressors `prediction` [N, 1].
 */

export interface ClassifierHead {
  /** Rows of weights × F, row-major: 1 row for binary (the positive class), K rows otherwise. */
  readonly weights: Float64Array;
  readonly intercepts: Float64Array;
  readonly classes: readonly string[];
  readonly labelType: 'int64' | 'string';
}

/**
 * ai.onnx.ml LinearClassifier. With one weight row and LOGISTIC, onnxruntime returns
 * probabilities [1 − p, p] and label classes[1] when the score is > 0 (tested in train-logistic).
 */
export function addLinearClassifier(graph: OnnxGraph, features: string, head: ClassifierHead): void {
  const binary = head.classes.length === 2;
  const labels: Record<string, Attr> =
    head.labelType === 'int64'
      ? { classlabels_ints: attr.ints(head.classes.map(Number)) }
      : { classlabels_strings: attr.strings(head.classes) };
  graph.node(
    'LinearClassifier',
    [features],
    ['label', 'probabilities'],
    {
      coefficients: attr.floats(head.weights),
      intercepts: attr.floats(head.intercepts),
      post_transform: attr.string(binary ? 'LOGISTIC' : 'SOFTMAX'),
      multi_class: attr.int(binary ? 0 : 1),
      ...labels,
    },
    'ai.onnx.ml',
  );
  graph.output('label', head.labelType, ['N']);
  graph.output('probabilities', 'float', ['N', head.classes.length]);
}

/**
 * MatMul + Add in double rather than LinearRegressor (float only): large targets such as grams
 * keep full precision, and onnxruntime matches the TypeScript predictions to ~1e-12.
 */
export function addLinearRegressor(graph: OnnxGraph, features: string, coef: Float64Array, intercept: number): void {
  const asDouble = graph.fresh('features_f64');
  graph.node('Cast', [features], [asDouble], { to: attr.int(11) });
  const w = graph.initializer(graph.fresh('coef'), Float64Array.from(coef), [coef.length, 1]);
  const b = graph.initializer(graph.fresh('intercept'), Float64Array.from([intercept]), [1]);
  const xw = graph.fresh('xw');
  graph.node('MatMul', [asDouble, w], [xw]);
  graph.node('Add', [xw, b], ['prediction']);
  graph.output('prediction', 'double', ['N', 1]);
}
