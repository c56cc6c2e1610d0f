import { join } from 'node:path';
import { z } from 'zod';
import { componentKey, defineComponent } from '../../engine/component';
import { regressionTarget } from '../../ml/dataset';
import { categoricalMissingParam, featuresParam, readTrainingInput, readValidInput, trainerPorts } from './training-input';
import { fitLinear, predictLinear } from '../../ml/linear';
import { addLinearRegressor } from '../../ml/linear-onnx';
import { regressionScores } from '../../ml/metrics';
import { writeModel } from '../../ml/model-file';
import { OnnxGraph } from '../../ml/onnx/graph';
import { exportPreprocessor, fitPreprocessor, transform } from '../../ml/preprocess';

const params = z.object({
  target: z.string().min(1).describe('Numeric column to predict'),
  features: featuresParam,
  alpha: z.number().min(0).default(0).describe('L2 penalty (ridge); 0 is ordinary least squares'),
  categoricalMissing: categoricalMissingParam,
});

export const trainLinear = defineComponent({
  id: 'train.linear',
  version: 1,
  title: 'Linear regression',
  category: 'train',
  description:
    'Ordinary least squares or ridge regression, solved in closed form. Imputation, scaling and one-hot encoding are fitted here and exported into the ONNX model, which takes the raw feature columns.',
  inputs: trainerPorts('Validation rows, scored with the fitted model (valid_rmse, valid_mae, valid_r2)'),
  outputs: {
    model: { type: 'model', description: 'ONNX regressor: output prediction [N, 1] (double)' },
    metrics: { type: 'metrics', description: 'Training metrics and coefficients' },
  },
  params,
  async run(ctx) {
    const { target, features, alpha, categoricalMissing } = ctx.params;
    const data = await readTrainingInput(ctx, 'train', target, features);
    const y = regressionTarget(data.target);
    const pre = fitPreprocessor(data.table, { features: data.features.map((f) => f.name), target, categoricalMissing });
    const x = transform(pre, data.table);
    ctx.log(`Training on ${x.rows} rows, ${data.features.length} features → ${x.cols} model inputs (alpha ${alpha})`);
    ctx.progress(0.3, 'solving the normal equations');
    const fit = fitLinear(x, y, { alpha });
    if (fit.jitter > 0) ctx.log(`XᵀX is singular (collinear or one-hot columns); added a ridge of ${fit.jitter.toExponential(2)} for the minimum-norm solution`);
    const scores = regressionScores(y, predictLinear(fit, x));
    ctx.log(`Training loss (MSE) ${scores.mse.toPrecision(6)}, RMSE ${scores.rmse.toPrecision(6)}, R² ${scores.r2.toFixed(4)}`);
    const valid = await readValidInput(ctx, pre, target, data.features.map((f) => f.name), null);
    const validScores = valid ? regressionScores(valid.y, predictLinear(fit, valid.x)) : undefined;
    if (validScores) ctx.log(`Validation on ${valid?.x.rows ?? 0} rows: RMSE ${validScores.rmse.toPrecision(6)}, R² ${validScores.r2.toFixed(4)}`);

    const graph = new OnnxGraph('linear_regression');
    addLinearRegressor(graph, exportPreprocessor(graph, pre), fit.coef, fit.intercept);
    const model = await writeModel(
      graph,
      {
        task: 'regression',
        target,
        features: data.features,
        classes: [],
        trainer: componentKey(trainLinear),
        node: ctx.nodeId,
        preprocessor: pre,
        extra: { 'nodebook.params': JSON.stringify({ alpha, categoricalMissing }) },
      },
      join(ctx.tmpDir, 'model.onnx'),
    );
    ctx.progress(1);
    return {
      outputs: {
        model,
        metrics: {
          json: {
            task: 'regression',
            rows: x.rows,
            features: data.features,
            inputs: pre.outputs,
            train: scores,
            ...(validScores ? { valid: validScores, valid_rows: valid?.x.rows ?? 0 } : {}),
            jitter: fit.jitter,
            intercept: fit.intercept,
            coefficients: Object.fromEntries(pre.outputs.map((name, c) => [name, fit.coef[c] ?? 0])),
          },
        },
      },
      metrics: {
        train_rmse: scores.rmse, train_mae: scores.mae, train_r2: scores.r2,
        ...(validScores ? { valid_rmse: validScores.rmse, valid_mae: validScores.mae, valid_r2: validScores.r2 } : {}),
      },
    };
  },
});
