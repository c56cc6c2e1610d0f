import type { Attr, OnnxGraph } from '../onnx/graph';
import { attr } from '../onnx/graph';
import type { ForestModel } from './forest';
import type { GbdtModel } from './gbdt';
import type { Tree } from './tree';

/**
 * TreeEnsemble heads for ONNX (ai.onnx.ml). The feature matrix comes from the preprocessing
 * (float [N, F]); the outputs follow Nodebook's convention: classifiers give `label` [N] and
 * `probabilities` [N, K], regressors `prediction` [N, 1]. No ZipMap.
 */

/** Class labels in model order and the type of the `label` output (int64 for integer labels). */
export interface ClassLabels {
  readonly labels: readonly string[];
  readonly labelType: 'int64' | 'string';
}

interface Flat {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  /** Votes: (tree, node, target/class, weight). */
  vTree: number[];
  vNode: number[];
  vId: number[];
  vWeight: number[];
}

/**
 * Flattens trees into the nodes_* and votes tuples. `voteIds(t)` gives the class or target each
 * leaf value of tree t is for (one per leaf value).
 */
function flatten(trees: readonly Tree[], voteIds: (t: number) => readonly number[]): Flat {
  const f: Flat = { treeIds: [], nodeIds: [], featureIds: [], modes: [], values: [], trueIds: [], falseIds: [], missingTrue: [], vTree: [], vNode: [], vId: [], vWeight: [] };
  trees.forEach((tree, t) => {
    const ids = voteIds(t);
    for (let n = 0; n < tree.feature.length; n++) {
      const feat = tree.feature[n] ?? -1;
      f.treeIds.push(t);
      f.nodeIds.push(n);
      if (feat < 0) {
        f.featureIds.push(0);
        f.modes.push('LEAF');
        f.values.push(0);
        f.trueIds.push(0);
        f.falseIds.push(0);
        f.missingTrue.push(0);
        ids.forEach((id, k) => {
          f.vTree.push(t);
          f.vNode.push(n);
          f.vId.push(id);
          f.vWeight.push(tree.values[n * tree.width + k] ?? 0);
        });
      } else {
        f.featureIds.push(feat);
        f.modes.push('BRANCH_LEQ');
        f.values.push(tree.threshold[n] ?? 0);
        f.trueIds.push(tree.left[n] ?? 0);
        f.falseIds.push(tree.right[n] ?? 0);
        f.missingTrue.push(tree.missingLeft[n] ?? 0);
      }
    }
  });
  return f;
}

function nodeAttrs(f: Flat): Record<string, Attr> {
  return {
    nodes_treeids: attr.ints(f.treeIds),
    nodes_nodeids: attr.ints(f.nodeIds),
    nodes_featureids: attr.ints(f.featureIds),
    nodes_modes: attr.strings(f.modes),
    nodes_values: attr.floats(f.values),
    nodes_truenodeids: attr.ints(f.trueIds),
    nodes_falsenodeids: attr.ints(f.falseIds),
    nodes_missing_value_tracks_true: attr.ints(f.missingTrue),
  };
}

/**
 * Classifier outputs from the ensemble's scores. The label is ArgMax over the probabilities
 * rather than the op's own label output: ORT picks binary labels by the sign of the raw
 * score, which is not the most probable class for averaged probabilities.
 */
function classifierOutputs(graph: OnnxGraph, scores: string, classes: ClassLabels): { label: string; probabilities: string } {
  const { labels, labelType } = classes;
  const label = graph.output('label', labelType, ['N']);
  const probabilities = graph.output('probabilities', 'float', ['N', labels.length]);
  graph.node('Identity', [scores], [probabilities]);
  const index = graph.fresh('class_index');
  graph.node('ArgMax', [scores], [index], { axis: attr.int(1), keepdims: attr.int(0) });
  const data = labelType === 'int64' ? BigInt64Array.from(labels, (l) => BigInt(l)) : labels;
  const table = graph.initializer('nodebook_class_labels', data, [labels.length]);
  graph.node('Gather', [table, index], [label], { axis: attr.int(0) });
  return { label, probabilities };
}

function regressorOutput(graph: OnnxGraph, features: string, f: Flat, base: number): string {
  const prediction = graph.output('prediction', 'float', ['N', 1]);
  graph.node('TreeEnsembleRegressor', [features], [prediction], {
    ...nodeAttrs(f),
    target_treeids: attr.ints(f.vTree),
    target_nodeids: attr.ints(f.vNode),
    target_ids: attr.ints(f.vId),
    target_weights: attr.floats(f.vWeight),
    n_targets: attr.int(1),
    aggregate_function: attr.string('SUM'),
    post_transform: attr.string('NONE'),
    base_values: attr.floats([base]),
  }, 'ai.onnx.ml');
  return prediction;
}

/**
 * Adds a boosted ensemble. Binary follows skl2onnx's convention for GradientBoostingClassifier:
 * every vote on class 0, one base value, LOGISTIC, two class labels; ORT then writes
 * [sigmoid(-s), sigmoid(s)]. Votes on class 1 instead come back from ORT 1.30 as
 * [sigmoid(0), p] (and [0, p] without LOGISTIC), with the base value ignored.
 */
export function addGbdtHead(graph: OnnxGraph, features: string, model: GbdtModel, classes: ClassLabels): string[] {
  if (model.task === 'regression') {
    return [regressorOutput(graph, features, flatten(model.trees, () => [0]), model.baseScore[0] ?? 0)];
  }
  const labels = classes.labels;
  if (labels.length !== model.classes) throw new Error(`expected ${model.classes} class labels, got ${labels.length}`);
  const scores = graph.fresh('scores');
  const unusedLabel = graph.fresh('ensemble_label');
  const perRound = model.perRound;
  const f = flatten(model.trees, (t) => [model.task === 'binary' ? 0 : t % perRound]);
  graph.node('TreeEnsembleClassifier', [features], [unusedLabel, scores], {
    ...nodeAttrs(f),
    class_treeids: attr.ints(f.vTree),
    class_nodeids: attr.ints(f.vNode),
    class_ids: attr.ints(f.vId),
    class_weights: attr.floats(f.vWeight),
    classlabels_int64s: attr.ints(labels.map((_, i) => i)),
    post_transform: attr.string(model.task === 'binary' ? 'LOGISTIC' : 'SOFTMAX'),
    base_values: attr.floats(Array.from(model.baseScore)),
  }, 'ai.onnx.ml');
  const out = classifierOutputs(graph, scores, classes);
  return [out.label, out.probabilities];
}

/**
 * Adds a forest. Each leaf votes for every class with its probability already divided by the
 * number of trees, so SUM with post_transform NONE is the average; voting for every class (even
 * at 0) keeps ORT out of its one-class binary path, which would return [0, p].
 */
export function addForestHead(graph: OnnxGraph, features: string, model: ForestModel, classes: ClassLabels): string[] {
  if (model.task === 'regression') return [regressorOutput(graph, features, flatten(model.trees, () => [0]), 0)];
  const labels = classes.labels;
  if (labels.length !== model.classes) throw new Error(`expected ${model.classes} class labels, got ${labels.length}`);
  const ids = labels.map((_, i) => i);
  const f = flatten(model.trees, () => ids);
  const scores = graph.fresh('scores');
  const unusedLabel = graph.fresh('ensemble_label');
  graph.node('TreeEnsembleClassifier', [features], [unusedLabel, scores], {
    ...nodeAttrs(f),
    class_treeids: attr.ints(f.vTree),
    class_nodeids: attr.ints(f.vNode),
    class_ids: attr.ints(f.vId),
    class_weights: attr.floats(f.vWeight),
    classlabels_int64s: attr.ints(ids),
    post_transform: attr.string('NONE'),
  }, 'ai.onnx.ml');
  const out = classifierOutputs(graph, scores, classes);
  return [out.label, out.probabilities];
}
