import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../../shared/errors';
import { componentKey, defineComponent } from '../../engine/component';
import { exportPreprocessor } from '../../ml/preprocess';
import { OnnxGraph } from '../../ml/onnx/graph';
import type { GbdtTask } from '../../ml/trees/gbdt';
import { predictGbdt, trainGbdtAsync } from '../../ml/trees/gbdt';
import { addGbdtHead } from '../../ml/trees/onnx-export';
import { loadTreeInputs, prefixed, scorePredictions, splitCounts, writeTreeModel } from '../../ml/trees/trainer-io';
import { trainerPorts } from './training-input';

export const gbdtParamsSchema = z.object({
  target: z.string().min(1).describe('Column to predict'),
  features: z.array(z.string()).optional().describe('Feature columns (default: every other number, string or boolean column); strings are one-hot encoded, missing values imputed'),
  task: z.enum(['auto', 'binary', 'multiclass', 'regression']).default('auto')
    .describe('auto: regression for a numeric target with fractions or more than 20 values, else classification (binary for 2 classes)'),
  learningRate: z.number().positive().max(1).default(0.1).describe('Shrinkage applied to each tree'),
  rounds: z.number().int().min(1).max(10_000).default(100).describe('Boosting rounds (one tree per round, one per class per round for multiclass)'),
  maxDepth: z.number().int().min(-1).max(64).default(6).refine((d) => d !== 0, { message: 'use -1 for no limit, or a depth ≥ 1' })
    .describe('Deepest split level of a tree; -1 for no limit (then maxLeaves bounds the tree)'),
  maxLeaves: z.number().int().min(2).max(4096).default(31).describe('Most leaves per tree; trees grow best-gain leaf first'),
  minSamplesLeaf: z.number().int().min(1).default(20).describe('Fewest training rows in a leaf'),
  l2: z.number().min(0).default(0).describe('L2 regularization of leaf values (λ in G²/(H+λ))'),
  rowSubsample: z.number().gt(0).max(1).default(1).describe('Share of rows drawn (without replacement) for each round'),
  colSubsample: z.number().gt(0).max(1).default(1).describe('Share of model inputs drawn for each round'),
  maxBins: z.number().int().min(2).max(255).default(255).describe('Quantile bins per feature (missing values get one more)'),
  earlyStoppingRounds: z.number().int().min(1).optional()
    .describe('Stop when the loss on the valid table has not improved for this many rounds, and keep the best round (needs the valid input)'),
  seed: z.number().int().default(42).describe('Seed of binning samples and subsampling'),
});

export type GbdtComponentParams = z.output<typeof gbdtParamsSchema>;

export const trainGbdtComponent = defineComponent({
  id: 'train.gbdt',
  version: 1,
  title: 'Gradient boosted trees',
  category: 'train',
  description:
    'Histogram gradient boosting (like LightGBM or scikit-learn HistGradientBoosting): binary log loss, multiclass softmax or L2 regression. Exports an ONNX TreeEnsemble with the preprocessing, taking the raw columns.',
  inputs: trainerPorts('Validation rows for the loss curve and early stopping'),
  outputs: {
    model: { type: 'model', description: 'ONNX model: label [N] and probabilities [N, K] for classifiers, prediction [N, 1] for regression' },
    metrics: { type: 'metrics', description: 'Loss per round (train and valid), final scores, split counts per input' },
  },
  params: gbdtParamsSchema,
  async run(ctx) {
    const p = ctx.params;
    const { problem, valid } = await loadTreeInputs(ctx.inputs, p, (l) => ctx.log(l), ctx.signal);
    if (p.earlyStoppingRounds !== undefined && !valid) ctx.log('earlyStoppingRounds is set but no valid rows are connected; training all rounds');
    if (problem.task === 'multiclass' && problem.labels.length > 100) {
      throw new UserError('bad_target', `target: column '${p.target}' has ${problem.labels.length} classes; is it a regression target? Set task: regression`);
    }
    const { train } = problem;
    const task: GbdtTask = problem.task;
    ctx.log(`Training ${task} gradient boosting on ${train.rows} rows, ${problem.features.length} features → ${train.features} model inputs${valid ? `, validating on ${valid.rows} rows` : ''}`);
    const every = Math.max(1, Math.ceil(p.rounds / 100));
    const t0 = performance.now();
    const result = await trainGbdtAsync(task, Math.max(1, problem.labels.length), train, valid, p, {
      signal: ctx.signal,
      // A second thread for histograms, unless this runs as one of several parallel trials.
      threads: ctx.concurrency > 1,
      onRound: (pt, rounds) => {
        if (pt.round % every === 0 || pt.round === 1) ctx.log(`round ${pt.round}: train ${pt.train.toFixed(6)}${pt.valid === undefined ? '' : ` valid ${pt.valid.toFixed(6)}`}`);
        ctx.progress(Math.min(0.95, pt.round / rounds), `round ${pt.round}/${rounds}`);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    ctx.log(`${result.stoppedEarly ? `Stopped early; kept the best round ${result.bestRound}` : `Trained ${result.bestRound} rounds`} in ${seconds.toFixed(2)} s`);

    const graph = new OnnxGraph('gbdt');
    addGbdtHead(graph, exportPreprocessor(graph, problem.pre), result.model, problem);
    const model = await writeTreeModel(graph, problem, componentKey(trainGbdtComponent), ctx.nodeId, p, join(ctx.tmpDir, 'model.onnx'));

    const trainScores = scorePredictions(problem, predictGbdt(result.model, train.x, train.rows), train);
    const validScores = valid ? scorePredictions(problem, predictGbdt(result.model, valid.x, valid.rows), valid) : undefined;
    const best = result.curve[result.bestRound - 1];
    ctx.progress(1);
    return {
      outputs: {
        model,
        metrics: {
          json: {
            task,
            rows: train.rows,
            valid_rows: valid?.rows ?? 0,
            features: problem.features,
            inputs: problem.pre.outputs,
            classes: problem.labels,
            loss: result.lossName,
            best_round: result.bestRound,
            stopped_early: result.stoppedEarly,
            trees: result.model.trees.length,
            train_seconds: seconds,
            curve: {
              round: result.curve.map((c) => c.round),
              train: result.curve.map((c) => c.train),
              ...(valid ? { valid: result.curve.map((c) => c.valid ?? null) } : {}),
            },
            train: trainScores,
            ...(validScores ? { valid: validScores } : {}),
            split_counts: splitCounts(result.model.trees, problem.pre.outputs),
          },
        },
      },
      metrics: {
        best_round: result.bestRound,
        [`train_${result.lossName}`]: best?.train ?? Number.NaN,
        ...(best?.valid === undefined ? {} : { [`valid_${result.lossName}`]: best.valid }),
        ...prefixed('train', trainScores),
        ...(validScores ? prefixed('valid', validScores) : {}),
      },
    };
  },
});
