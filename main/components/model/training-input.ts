import { UserError } from '../../../shared/errors';
import type { RunContext } from '../../engine/component';
import { loadTrainingData } from '../../ml/dataset';

/** The training table of a trainer's `port`, loaded for fitting, with what was left out said in the log. */
export async function readTrainingInput(ctx: RunContext<unknown>, port: string, target: string, features: string[] | undefined): Promise<Awaited<ReturnType<typeof loadTrainingData>>> {
  const input = ctx.inputs[port];
  if (!input) throw new UserError('missing_input', `input ${port}: not connected; connect the training table`);
  const data = await loadTrainingData(input.path, { target, features }, { signal: ctx.signal });
  if (data.skipped.length > 0) ctx.log(`Skipped columns a model cannot use: ${data.skipped.join(', ')}`);
  if (data.droppedRows > 0) ctx.log(`Dropped ${data.droppedRows} rows with no '${target}'`);
  return data;
}
