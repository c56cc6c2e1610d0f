import { UserError } from '../../../shared/errors';
import { classTarget, loadTrainingData, regressionTarget } from '../dataset';
import type { Preprocessor } from '../preprocess';
import { fitPreprocessor, transform } from '../preprocess';
import type { FeatureType, Table, TableColumn } from '../table';
import type { Dataset } from './gbdt';

export type TreeTask = 'binary' | 'multiclass' | 'regression';

/** A supervised problem as the tree trainers see it: one preprocessor, class labels, datasets. */
export interface Problem {
  readonly task: TreeTask;
  readonly target: string;
  readonly features: { name: string; type: FeatureType }[];
  readonly pre: Preprocessor;
  /** Class labels in model order (sorted); empty for regression. */
  readonly labels: string[];
  /** The ONNX `label` output's type (E's convention: int64 when every label is an integer). */
  readonly labelType: 'int64' | 'string';
  readonly train: Dataset;
  readonly droppedRows: number;
  readonly skipped: string[];
}

/** The task `auto` stands for: a numeric target with fractions or many distinct values is regression. */
export function inferTask(col: TableColumn): TreeTask {
  const distinct = new Set<string>();
  let fractional = false;
  for (const v of col.values) {
    if (typeof v === 'number' && !Number.isInteger(v)) fractional = true;
    distinct.add(String(v));
  }
  if (col.type === 'numeric' && (fractional || distinct.size > 20)) return 'regression';
  return distinct.size <= 2 ? 'binary' : 'multiclass';
}

export type TaskParam = 'auto' | 'classification' | TreeTask;

/**
 * Loads the training table and fits the preprocessing (impute; one-hot categories; no scaling,
 * which trees do not need).
 */
export async function loadProblem(
  path: string, o: { target: string; features?: readonly string[] | undefined; task: TaskParam }, signal?: AbortSignal,
): Promise<Problem> {
  const data = await loadTrainingData(path, { target: o.target, features: o.features }, signal ? { signal } : {});
  const col = data.target;
  let task: TreeTask = o.task === 'auto' ? inferTask(col) : o.task === 'classification' ? 'multiclass' : o.task;
  let labels: string[] = [];
  let labelType: 'int64' | 'string' = 'string';
  let y: Float64Array;
  if (task === 'regression') {
    y = Float64Array.from(regressionTarget(col));
  } else {
    const ct = classTarget(col);
    if (ct.classes.length < 2) throw new UserError('bad_target', `target: column '${o.target}' has a single class (${ct.classes.join('')}); classification needs at least 2`);
    labels = ct.classes;
    labelType = ct.labelType;
    y = Float64Array.from(ct.y);
    task = labels.length === 2 ? 'binary' : 'multiclass';
  }
  const features = data.features.map((f) => ({ name: f.name, type: f.type }));
  const pre = fitPreprocessor(data.table, { features: features.map((f) => f.name), target: o.target, scale: false });
  const m = transform(pre, data.table);
  return {
    task, target: o.target, features, pre, labels, labelType,
    train: { x: m.data, rows: m.rows, features: m.cols, y },
    droppedRows: data.droppedRows, skipped: data.skipped,
  };
}

/**
 * Target values of another table (validation, test) in a trained model's terms: class indices
 * into `labels` (an unseen class is an error naming it), or the numbers when `labels` is null
 * (regression).
 */
export function targetValues(target: string, labels: readonly string[] | null, col: TableColumn, field: string): Float64Array {
  if (labels === null) return Float64Array.from(regressionTarget(col, `${field}.${target}`));
  const index = new Map(labels.map((l, i) => [l, i]));
  const y = new Float64Array(col.values.length);
  col.values.forEach((v, r) => {
    const label = typeof v === 'number' ? String(v) : (v ?? '');
    const k = index.get(label);
    if (k === undefined) throw new UserError('unknown_class', `${field}: class '${label}' of column '${target}' is not in the training table (classes: ${labels.join(', ')})`);
    y[r] = k;
  });
  return y;
}

/** Another table (validation, test) as a dataset for the problem. */
export function problemDataset(p: Problem, table: Table, target: TableColumn, field: string): Dataset {
  const m = transform(p.pre, table);
  return { x: m.data, rows: m.rows, features: m.cols, y: targetValues(p.target, p.task === 'regression' ? null : p.labels, target, field) };
}

/** Loads another Parquet table (validation, test) for the problem; rows without a target are dropped. */
export async function loadDataset(p: Problem, path: string, field: string, signal?: AbortSignal): Promise<Dataset> {
  const data = await loadTrainingData(path, { target: p.target, features: p.features.map((f) => f.name) }, signal ? { signal } : {});
  return problemDataset(p, data.table, data.target, field);
}
