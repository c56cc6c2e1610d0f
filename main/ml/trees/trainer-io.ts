import { UserError } from '../../../shared/errors';
import { countRows, readTableExpr, withDuck } from '../../components/duck';
import type { InputArtifact } from '../../engine/component';
import { classificationScores, logLoss, regressionScores, rocAucOvr, rocCurve } from '../metrics';
import type { WrittenModel } from '../model-file';
import { writeModel } from '../model-file';
import type { OnnxGraph } from '../onnx/graph';
import type { Problem, TaskParam } from './dataset';
import { loadDataset, loadProblem } from './dataset';
import type { Dataset } from './gbdt';

/** What train.gbdt and train.forest share: reading `train`/`valid`, scoring, writing the model. */

export interface TreeInputs {
  readonly problem: Problem;
  /** Validation rows, when a non-empty `valid` table is connected. */
  readonly valid: Dataset | undefined;
}

export async function loadTreeInputs(
  inputs: Readonly<Record<string, InputArtifact>>,
  params: { target: string; features?: readonly string[] | undefined; task: TaskParam },
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<TreeInputs> {
  const train = inputs.train;
  if (!train) throw new UserError('missing_input', 'input train: not connected; connect the training table');
  const problem = await loadProblem(train.path, params, signal);
  if (problem.skipped.length > 0) log(`Skipped columns a model cannot use: ${problem.skipped.join(', ')}`);
  if (problem.droppedRows > 0) log(`Dropped ${problem.droppedRows} training rows with no '${params.target}'`);
  let valid: Dataset | undefined;
  const v = inputs.valid;
  if (v) {
    const rows = await withDuck((conn) => countRows(conn, readTableExpr(v.path)));
    if (rows > 0) valid = await loadDataset(problem, v.path, 'valid', signal);
    else log('The valid table is empty; training without validation');
  }
  return { problem, valid };
}

/** Index of the largest value in each row of a rows × k matrix (the first on ties, like ArgMax). */
export function argmaxRows(proba: Float64Array, rows: number, k: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if ((proba[r * k + j] ?? 0) > (proba[r * k + best] ?? 0)) best = j;
    out[r] = best;
  }
  return out;
}

/**
 * Scores of predictions on a dataset: accuracy, log loss and ROC AUC (one-vs-rest macro for
 * multiclass) for classifiers; RMSE, MAE and R² for regressors.
 */
export function scorePredictions(problem: Problem, pred: Float64Array, data: Dataset): Record<string, number> {
  if (problem.task === 'regression') {
    const s = regressionScores(data.y, pred);
    return { rmse: s.rmse, mae: s.mae, r2: s.r2 };
  }
  const k = problem.labels.length;
  const y = Int32Array.from(data.y);
  const s = classificationScores(y, argmaxRows(pred, data.rows, k), k);
  const auc =
    k === 2
      ? rocCurve(Array.from(y, (c) => c === 1), Array.from({ length: data.rows }, (_, r) => pred[r * 2 + 1] ?? 0)).auc
      : rocAucOvr(y, pred, k).macro;
  return { accuracy: s.accuracy, balanced_accuracy: s.balanced_accuracy, f1_macro: s.f1_macro, log_loss: logLoss(y, pred, k), roc_auc: auc };
}

/** `prefix_name` keys, leaving out undefined scores (NaN, e.g. AUC with one class present). */
export function prefixed(prefix: string, scores: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(scores).filter(([, v]) => Number.isFinite(v)).map(([k, v]) => [`${prefix}_${k}`, v]));
}

/** Writes the ONNX file with Nodebook's metadata (E's writeModel). */
export function writeTreeModel(graph: OnnxGraph, problem: Problem, trainer: string, node: string, params: unknown, path: string): Promise<WrittenModel> {
  return writeModel(
    graph,
    {
      task: problem.task,
      target: problem.target,
      features: problem.features,
      classes: problem.labels,
      ...(problem.task === 'regression' ? {} : { labelType: problem.labelType }),
      trainer,
      node,
      preprocessor: problem.pre,
      extra: { 'nodebook.params': JSON.stringify(params) },
    },
    path,
  );
}

/** How often each model input is split on, by name: a cheap feature importance. */
export function splitCounts(trees: readonly { feature: Int32Array }[], names: readonly string[]): Record<string, number> {
  const counts = new Array<number>(names.length).fill(0);
  for (const t of trees) for (const f of t.feature) if (f >= 0) counts[f] = (counts[f] ?? 0) + 1;
  return Object.fromEntries(names.map((n, i) => [n, counts[i] ?? 0]).filter(([, c]) => c !== 0).sort((a, b) => Number(b[1]) - Number(a[1])));
}
