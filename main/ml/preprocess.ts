import { z } from 'zod';
import { UserError } from '../../shared/errors';
import type { OnnxGraph } from './onnx/graph';
import { attr } from './onnx/graph';
import type { TensorSpec } from './onnx/read';
import type { Table } from './table';
import { requireColumn } from './table';

/**
 * Feature preprocessing, fitted once in TypeScript and exported as ONNX ops, so the served
 * model takes the raw columns (DESIGN.md, "Models").
 *
 * Missing values at serving time: a numeric input is NaN; a categorical input is the empty
 * string ''. `transform` treats null and '' the same way, so training and serving agree.
 */

/** The category used for missing values when the training data had some (strategy 'category'). */
export const MISSING_CATEGORY = '__missing__';
/** Model output names (main/ml/README.md); a feature column may not take one, as inputs and outputs share a namespace. */
export const RESERVED_NAMES: readonly string[] = ['label', 'probabilities', 'prediction'];
/** What the ONNX graph maps an unseen category to before one-hot encoding: all zeros. */
const UNKNOWN_CATEGORY = '__unknown__';

const numericStepSchema = z.object({
  name: z.string(),
  type: z.literal('numeric'),
  /** Imputed for missing values; also the centre of scaling. */
  mean: z.number(),
  /** Centre subtracted before multiplying by `scale` (the mean, or 0 when not scaling). */
  offset: z.number(),
  /** Multiplier after centring: 1/std, or 1 when not scaling. */
  scale: z.number(),
});

const categoricalStepSchema = z.object({
  name: z.string(),
  type: z.literal('categorical'),
  /** One output column per category, in this order. */
  categories: z.array(z.string()),
  /** The category a missing value counts as; null → all zeros (like an unseen category). */
  fill: z.string().nullable(),
});

export const featureStepSchema = z.discriminatedUnion('type', [numericStepSchema, categoricalStepSchema]);
export type FeatureStep = z.infer<typeof featureStepSchema>;

export const preprocessorSchema = z.object({
  version: z.literal(1),
  steps: z.array(featureStepSchema),
  /** Names of the columns of the design matrix (`bill_length_mm`, `island=Dream`, ...). */
  outputs: z.array(z.string()),
});
export type Preprocessor = z.infer<typeof preprocessorSchema>;

export interface PreprocessOptions {
  readonly features: readonly string[];
  /** Named so a feature list that includes it is rejected. */
  readonly target?: string;
  /** Standard-scale numeric features (default true). Tree models pass false. */
  readonly scale?: boolean;
  /** Missing categories: their own '__missing__' column (default), or the most frequent category. */
  readonly categoricalMissing?: 'category' | 'most_frequent';
  /** Keep the most frequent categories only; the rest encode as all zeros (default 50). */
  readonly maxCategories?: number;
}

const isMissing = (v: string | null): v is null => v === null || v === '';

function fitNumeric(name: string, values: Float64Array, scale: boolean): FeatureStep {
  let n = 0;
  let sum = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      n++;
      sum += v;
    }
  }
  const mean = n > 0 ? sum / n : 0;
  let ss = 0;
  for (const v of values) if (Number.isFinite(v)) ss += (v - mean) ** 2;
  const std = n > 0 ? Math.sqrt(ss / n) : 0;
  // A constant column carries no signal; scaling it by 1 keeps the matrix finite.
  const multiplier = scale && std > 1e-12 ? 1 / std : 1;
  // Stored as float32 values because the ONNX ops compute in float32: with these exact
  // parameters `transform` reproduces the graph's numbers bit for bit.
  const mean32 = Math.fround(mean);
  return { name, type: 'numeric', mean: mean32, offset: scale ? mean32 : 0, scale: Math.fround(multiplier) };
}

function fitCategorical(name: string, values: readonly (string | null)[], options: PreprocessOptions): FeatureStep {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of values) {
    if (isMissing(v)) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const byFrequency = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = byFrequency.slice(0, options.maxCategories ?? 50).map(([c]) => c);
  const categories = [...kept].sort();
  let fill: string | null = null;
  if (options.categoricalMissing === 'most_frequent') fill = byFrequency[0]?.[0] ?? null;
  else if (missing > 0) {
    categories.push(MISSING_CATEGORY);
    fill = MISSING_CATEGORY;
  }
  if (categories.length === 0) {
    // Every value missing: one column that is always 1 keeps the ONNX encoder well-formed.
    categories.push(MISSING_CATEGORY);
    fill = MISSING_CATEGORY;
  }
  return { name, type: 'categorical', categories, fill };
}

/** Learns imputation, scaling and encoding from the training table. */
export function fitPreprocessor(table: Table, options: PreprocessOptions): Preprocessor {
  if (options.target !== undefined && options.features.includes(options.target)) {
    throw new UserError('bad_features', `features: '${options.target}' is the target; remove it from the feature list`);
  }
  if (options.features.length === 0) throw new UserError('bad_features', 'features: no feature columns; name at least one');
  const clash = options.features.find((f) => RESERVED_NAMES.includes(f));
  if (clash !== undefined) {
    throw new UserError('bad_features', `features: a feature column may not be called '${clash}' (a model output has that name); rename it, e.g. with data.sql, or leave it out`);
  }
  const steps = options.features.map((name) => {
    const col = requireColumn(table, name, 'features');
    return col.type === 'numeric' ? fitNumeric(name, col.values, options.scale ?? true) : fitCategorical(name, col.values, options);
  });
  return { version: 1, steps, outputs: outputNames(steps) };
}

function outputNames(steps: readonly FeatureStep[]): string[] {
  return steps.flatMap((s) => (s.type === 'numeric' ? [s.name] : s.categories.map((c) => `${s.name}=${c}`)));
}

export interface DesignMatrix {
  /** Row-major, rows × cols. */
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly names: string[];
}

/** Applies a fitted preprocessor: the same numbers the exported ONNX graph computes. */
export function transform(pre: Preprocessor, table: Table): DesignMatrix {
  const cols = pre.outputs.length;
  const rows = table.rows;
  const data = new Float64Array(rows * cols);
  let offset = 0;
  for (const step of pre.steps) {
    const col = requireColumn(table, step.name, 'features');
    if (step.type === 'numeric') {
      if (col.type !== 'numeric') throw new UserError('bad_column_type', `column '${step.name}' was numeric when the model was trained, but is ${col.sqlType} here`);
      for (let r = 0; r < rows; r++) {
        const v = col.values[r] ?? Number.NaN;
        // float32 at each step, as onnxruntime's Imputer and Scaler compute.
        const x = Number.isFinite(v) ? Math.fround(v) : step.mean;
        data[r * cols + offset] = Math.fround(Math.fround(x - step.offset) * step.scale);
      }
      offset += 1;
    } else {
      const index = new Map(step.categories.map((c, i) => [c, i]));
      for (let r = 0; r < rows; r++) {
        const raw = col.type === 'numeric' ? numericAsCategory(col.values[r]) : (col.values[r] ?? null);
        const value = isMissing(raw) ? step.fill : raw;
        const j = value === null ? undefined : index.get(value);
        if (j !== undefined) data[r * cols + offset + j] = 1;
      }
      offset += step.categories.length;
    }
  }
  return { data, rows, cols, names: [...pre.outputs] };
}

function numericAsCategory(v: number | undefined): string | null {
  return v === undefined || Number.isNaN(v) ? null : String(v);
}

/** The model inputs the preprocessing takes: one [N, 1] tensor per raw feature column. */
export function preprocessorInputs(pre: Preprocessor): TensorSpec[] {
  return pre.steps.map((s) => ({ name: s.name, dtype: s.type === 'numeric' ? 'float' : 'string', shape: ['N', 1] }));
}

/**
 * Adds the preprocessing to an ONNX graph: declares one input per raw feature (float or string,
 * shape [N, 1]) and returns the name of the float [N, F] feature matrix.
 *   numeric:     Imputer(NaN → mean) → Scaler((x - offset) * scale)
 *   categorical: LabelEncoder('' → fill, known → itself, other → '__unknown__') → OneHotEncoder(zeros=1) → Flatten
 *   all:         Concat(axis 1)
 */
export function exportPreprocessor(graph: OnnxGraph, pre: Preprocessor): string {
  const pieces: string[] = [];
  for (const step of pre.steps) {
    const input = graph.input(step.name, step.type === 'numeric' ? 'float' : 'string', ['N', 1]);
    if (step.type === 'numeric') {
      const imputed = graph.fresh(`${step.name}_imputed`);
      graph.node('Imputer', [input], [imputed], { imputed_value_floats: attr.floats([step.mean]), replaced_value_float: attr.float(Number.NaN) }, 'ai.onnx.ml');
      const scaled = graph.fresh(`${step.name}_scaled`);
      graph.node('Scaler', [imputed], [scaled], { offset: attr.floats([step.offset]), scale: attr.floats([step.scale]) }, 'ai.onnx.ml');
      pieces.push(scaled);
    } else {
      const known = step.categories.filter((c) => c !== '');
      const keys = [...known, ''];
      const values = [...known, step.fill ?? UNKNOWN_CATEGORY];
      const mapped = graph.fresh(`${step.name}_mapped`);
      graph.node('LabelEncoder', [input], [mapped], { keys_strings: attr.strings(keys), values_strings: attr.strings(values), default_string: attr.string(UNKNOWN_CATEGORY) }, 'ai.onnx.ml');
      const onehot = graph.fresh(`${step.name}_onehot`);
      graph.node('OneHotEncoder', [mapped], [onehot], { cats_strings: attr.strings(step.categories), zeros: attr.int(1) }, 'ai.onnx.ml');
      const flat = graph.fresh(`${step.name}_flat`);
      graph.node('Flatten', [onehot], [flat], { axis: attr.int(1) });
      pieces.push(flat);
    }
  }
  const features = graph.fresh('features');
  graph.node('Concat', pieces, [features], { axis: attr.int(1) });
  return features;
}
