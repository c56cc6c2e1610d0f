import { UserError } from '../../shared/errors';
import type { FeatureType, Table, TableColumn } from './table';
import { loadTable, tableColumns } from './table';

/** What a trainer needs from its input table: the rows with a target, the features and the target. */
export interface TrainingData {
  readonly table: Table;
  readonly features: { name: string; type: FeatureType }[];
  readonly target: TableColumn;
  /** Rows dropped because the target was missing. */
  readonly droppedRows: number;
  /** Columns left out of the default feature list (unsupported types), for the log. */
  readonly skipped: string[];
}

export interface ClassTarget {
  /** Sorted class labels as strings (numeric labels in decimal). */
  readonly classes: string[];
  /** int64 when every label is an integer number, else string: the ONNX `label` output's type. */
  readonly labelType: 'int64' | 'string';
  /** Class index per row. */
  readonly y: Int32Array;
}

/** Keeps the rows where `keep` is true. */
export function filterRows(table: Table, keep: (row: number) => boolean): Table {
  const rows: number[] = [];
  for (let r = 0; r < table.rows; r++) if (keep(r)) rows.push(r);
  const columns = table.columns.map((c): TableColumn =>
    c.type === 'numeric'
      ? { ...c, values: Float64Array.from(rows, (r) => c.values[r] ?? Number.NaN) }
      : { ...c, values: rows.map((r) => c.values[r] ?? null) },
  );
  return { rows: rows.length, columns };
}

function isMissingAt(col: TableColumn, r: number): boolean {
  if (col.type === 'numeric') return !Number.isFinite(col.values[r] ?? Number.NaN);
  const v = col.values[r];
  return v === null || v === undefined || v === '';
}

/**
 * Loads a training table. `features` defaults to every other column a model can use (numbers,
 * strings, booleans); rows without a target are dropped. Errors name the param to fix.
 */
export async function loadTrainingData(
  path: string,
  params: { target: string; features?: readonly string[] | undefined },
  options: { signal?: AbortSignal } = {},
): Promise<TrainingData> {
  const schema = await tableColumns(path);
  const names = schema.map((c) => c.name).join(', ');
  if (!schema.some((c) => c.name === params.target)) {
    throw new UserError('unknown_column', `target: column '${params.target}' is not in the table; columns are: ${names}`);
  }
  const skipped: string[] = [];
  let featureNames: string[];
  if (params.features && params.features.length > 0) {
    for (const f of params.features) {
      const info = schema.find((c) => c.name === f);
      if (!info) throw new UserError('unknown_column', `features: column '${f}' is not in the table; columns are: ${names}`);
      if (!info.featureType) throw new UserError('bad_feature', `features: column '${f}' has type ${info.sqlType}, which a model cannot use; convert it to a number or a string first`);
      if (f === params.target) throw new UserError('bad_feature', `features: '${f}' is the target; remove it from the feature list`);
    }
    featureNames = [...params.features];
  } else {
    featureNames = [];
    for (const c of schema) {
      if (c.name === params.target) continue;
      if (c.featureType) featureNames.push(c.name);
      else skipped.push(`${c.name} (${c.sqlType})`);
    }
    if (featureNames.length === 0) throw new UserError('bad_feature', `features: the table has no usable feature column besides the target '${params.target}'`);
  }
  const loaded = await loadTable(path, { columns: [...featureNames, params.target], field: 'features', ...(options.signal ? { signal: options.signal } : {}) });
  const targetCol = loaded.columns[loaded.columns.length - 1];
  if (!targetCol) throw new Error('loadTrainingData: target column not loaded');
  const table = filterRows(loaded, (r) => !isMissingAt(targetCol, r));
  const target = table.columns[table.columns.length - 1];
  if (!target) throw new Error('loadTrainingData: target column not loaded');
  if (table.rows === 0) throw new UserError('empty_table', `target: column '${params.target}' has no values; nothing to train on`);
  return {
    table,
    features: featureNames.map((name) => {
      const col = table.columns.find((c) => c.name === name);
      return { name, type: col?.type ?? 'numeric' };
    }),
    target,
    droppedRows: loaded.rows - table.rows,
    skipped,
  };
}

/** Encodes a class target; numeric targets must hold integers. */
export function classTarget(col: TableColumn, field = 'target'): ClassTarget {
  if (col.type === 'numeric') {
    for (const v of col.values) {
      if (!Number.isInteger(v)) throw new UserError('bad_target', `${field}: column '${col.name}' holds ${v}; a class label must be a string or an integer (use a regression trainer for continuous targets)`);
    }
    const sorted = [...new Set(col.values)].sort((a, b) => a - b);
    const index = new Map(sorted.map((v, i) => [v, i]));
    return { classes: sorted.map(String), labelType: 'int64', y: Int32Array.from(col.values, (v) => index.get(v) ?? 0) };
  }
  const values = col.values.map((v) => v ?? '');
  const sorted = [...new Set(values)].sort();
  const index = new Map(sorted.map((v, i) => [v, i]));
  return { classes: sorted, labelType: 'string', y: Int32Array.from(values, (v) => index.get(v) ?? 0) };
}

/** A numeric regression target; strings are an error naming the column. */
export function regressionTarget(col: TableColumn, field = 'target'): Float64Array {
  if (col.type !== 'numeric') {
    throw new UserError('bad_target', `${field}: column '${col.name}' has type ${col.sqlType}; regression needs a numeric target (use a classifier for categories)`);
  }
  return col.values;
}
