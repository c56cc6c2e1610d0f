import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { componentKey, defineComponent } from '../../engine/component';
import { classTarget } from '../../ml/dataset';
import { argmaxRows } from '../../ml/trees/trainer-io';
import { categoricalMissingParam, featuresParam, readTrainingInput, readValidInput, trainerPorts } from './training-input';
import { addLinearClassifier } from '../../ml/linear-onnx';
import { fitLogistic, predictProba } from '../../ml/logistic';
import { logLoss } from '../../ml/metrics';
import { writeModel } from '../../ml/model-file';
import { OnnxGraph } from '../../ml/onnx/graph';
import { exportPreprocessor, fitPreprocessor, transform } from '../../ml/preprocess';

const params = z.object({
  target: z.string().min(1).describe('Column holding the class label'),
  features: featuresParam,
  C: z.number().positive().default(1).describe('Inverse L2 strength, as in scikit-learn: smaller is stronger regularization'),
  maxIter: z.number().int().min(1).max(10_000).default(200).describe('Most L-BFGS iterations'),
  tol: z.number().positive().default(1e-6).describe('Stop when the largest gradient component is below this'),
  categoricalMissing: categoricalMissingParam,
});

export const trainLogistic = defineComponent({
  id: 'train.logistic',
  version: 1,
  title: 'Logistic regression',
  category: 'train',
  description:
    'Binary or multinomial logistic regression with L2 (L-BFGS). Imputation, scaling and one-hot encoding are fitted here and exported into the ONNX model, which takes the raw feature columns.',
  inputs: trainerPorts('Validation rows, scored with the fitted model (valid_accuracy, valid_log_loss)'),
  outputs: {
    model: { type: 'model', description: 'ONNX classifier: outputs label [N] and probabilities [N, K]' },
    metrics: { type: 'metrics', description: 'Training metrics and the loss curve per iteration' },
  },
  params,
  async run(ctx) {
    const { target, features, C, maxIter, tol, categoricalMissing } = ctx.params;
    const data = await readTrainingInput(ctx, 'train', target, features);
    const y = classTarget(data.target);
    if (y.classes.length < 2) throw new UserError('bad_target', `target: column '${target}' has a single class (${y.classes[0] ?? ''}); a classifier needs at least two`);
    if (y.classes.length > 100) throw new UserError('bad_target', `target: column '${target}' has ${y.classes.length} distinct values; is it a regression target? Use train.linear`);

    const pre = fitPreprocessor(data.table, { features: data.features.map((f) => f.name), target, categoricalMissing });
    const x = transform(pre, data.table);
    ctx.log(`Training on ${x.rows} rows, ${data.features.length} features → ${x.cols} model inputs, ${y.classes.length} classes`);
    const fit = fitLogistic(x, y.y, y.classes.length, {
      C,
      maxIter,
      tol,
      signal: ctx.signal,
      // A second thread for large tables, unless this runs as one of several parallel trials.
      threads: ctx.concurrency > 1,
      onIteration: (iteration, loss) => {
        if (iteration % 10 === 0 || iteration === 1) ctx.log(`iteration ${iteration}: loss ${loss.toFixed(6)}`);
        ctx.progress(Math.min(0.9, iteration / maxIter), `iteration ${iteration}`);
      },
    });
    const warnings: string[] = [];
    if (!fit.converged) warnings.push(`L-BFGS did not converge in ${maxIter} iterations; raise maxIter or lower C`);
    ctx.log(`${fit.converged ? 'Converged' : 'Stopped'} after ${fit.iterations} iterations, loss ${(fit.losses[fit.losses.length - 1] ?? 0).toFixed(6)}`);

    const k = y.classes.length;
    const accuracyAndLoss = (proba: Float64Array, labels: ArrayLike<number>, rows: number) => {
      const predicted = argmaxRows(proba, rows, k);
      return { accuracy: predicted.filter((c, r) => c === labels[r]).length / rows, log_loss: logLoss(labels, proba, k) };
    };
    const trainScores = accuracyAndLoss(predictProba(fit, x), y.y, x.rows);
    const valid = await readValidInput(ctx, pre, target, data.features.map((f) => f.name), y.classes);
    const validScores = valid ? accuracyAndLoss(predictProba(fit, valid.x), valid.y, valid.x.rows) : undefined;
    if (validScores) ctx.log(`Validation on ${valid?.x.rows ?? 0} rows: accuracy ${validScores.accuracy.toFixed(4)}, log loss ${validScores.log_loss.toFixed(6)}`);

    const graph = new OnnxGraph('logistic_regression');
    const featureMatrix = exportPreprocessor(graph, pre);
    addLinearClassifier(graph, featureMatrix, { weights: fit.weights, intercepts: fit.intercepts, classes: y.classes, labelType: y.labelType });
    const model = await writeModel(
      graph,
      {
        task: k === 2 ? 'binary' : 'multiclass',
        target,
        features: data.features,
        classes: y.classes,
        labelType: y.labelType,
        trainer: componentKey(trainLogistic),
        node: ctx.nodeId,
        preprocessor: pre,
        extra: { 'nodebook.params': JSON.stringify({ C, maxIter, tol, categoricalMissing }) },
      },
      join(ctx.tmpDir, 'model.onnx'),
    );
    ctx.progress(1);
    return {
      outputs: {
        model,
        metrics: {
          json: {
            task: model.meta.task,
            rows: x.rows,
            features: data.features,
            inputs: pre.outputs,
            classes: y.classes,
            train: trainScores,
            ...(validScores ? { valid: validScores, valid_rows: valid?.x.rows ?? 0 } : {}),
            iterations: fit.iterations,
            converged: fit.converged,
            curves: { loss: fit.losses },
            coefficients: Object.fromEntries(
              (k === 2 ? [y.classes[1] ?? ''] : y.classes).map((cls, j) => [cls, Object.fromEntries(pre.outputs.map((name, c) => [name, fit.weights[j * x.cols + c] ?? 0]))]),
            ),
          },
        },
      },
      metrics: {
        train_accuracy: trainScores.accuracy, train_log_loss: trainScores.log_loss, iterations: fit.iterations,
        ...(validScores ? { valid_accuracy: validScores.accuracy, valid_log_loss: validScores.log_loss } : {}),
      },
      warnings,
    };
  },
});
