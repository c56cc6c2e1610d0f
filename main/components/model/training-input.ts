import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import type { PortSpecInput } from '../../../shared/pipeline/component-info';
import type { RunContext } from '../../engine/component';
import { loadTrainingData } from '../../ml/dataset';
import type { DesignMatrix, Preprocessor } from '../../ml/preprocess';
import { transform } from '../../ml/preprocess';
import { targetValues } from '../../ml/trees/dataset';

/** The training table of a trainer's `port`, loaded for fitting, with what was left out said in the log. */
export async function readTrainingInput(ctx: RunContext<unknown>, port: string, target: string, features: string[] | undefined): Promise<Awaited<ReturnType<typeof loadTrainingData>>> {
  const input = ctx.inputs[port];
  if (!input) throw new UserError('missing_input', `input ${port}: not connected; connect the training table`);
  const data = await loadTrainingData(input.path, { target, features }, { signal: ctx.signal });
  if (data.skipped.length > 0) ctx.log(`Skipped columns a model cannot use: ${data.skipped.join(', ')}`);
  if (data.droppedRows > 0) ctx.log(`Dropped ${data.droppedRows} rows with no '${target}'`);
  return data;
}

/**
 * The optional `valid` table in the trained model's terms: the fitted preprocessing applied to
 * the training features, the target as class indices into `labels` (null: regression). Rows
 * without a target are dropped; undefined when nothing is connected or no row is left.
 */
export async function readValidInput(
  ctx: RunContext<unknown>, pre: Preprocessor, target: string, features: string[], labels: readonly string[] | null,
): Promise<{ x: DesignMatrix; y: Float64Array } | undefined> {
  const input = ctx.inputs.valid;
  if (!input) return undefined;
  const data = await loadTrainingData(input.path, { target, features }, { signal: ctx.signal });
  if (data.table.rows === 0) {
    ctx.log(`The valid table has no rows with '${target}'; no validation scores`);
    return undefined;
  }
  return { x: transform(pre, data.table), y: targetValues(target, labels, data.target, 'valid') };
}

/** The input ports every trainer has: training rows, and validation rows used as `validUse` says. */
export function trainerPorts(validUse: string): Record<'train' | 'valid', PortSpecInput> {
  return {
    train: { type: 'table', description: 'Training rows: features and the target column' },
    valid: { type: 'table', description: validUse, optional: true },
  };
}

/** The feature list param of train.linear and train.logistic. */
export const featuresParam = z.array(z.string()).optional().describe('Feature columns (default: every other number, string or boolean column)');

/** How train.linear and train.logistic impute missing strings. */
export const categoricalMissingParam = z
  .enum(['category', 'most_frequent'])
  .default('category')
  .describe("Missing strings: their own '__missing__' category, or the most frequent one");
