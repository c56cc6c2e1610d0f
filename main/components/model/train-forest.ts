import { join } from 'node:path';
import { z } from 'zod';
import { componentKey, defineComponent } from '../../engine/component';
import { OnnxGraph } from '../../ml/onnx/graph';
import { exportPreprocessor } from '../../ml/preprocess';
import type { ForestParams } from '../../ml/trees/forest';
import { featuresPerSplit, predictForest, trainForestAsync } from '../../ml/trees/forest';
import { addForestHead } from '../../ml/trees/onnx-export';
import { loadTreeInputs, prefixed, scorePredictions, splitCounts, writeTreeModel } from '../../ml/trees/trainer-io';
import { trainerPorts } from './training-input';

export const forestParamsSchema = z.object({
  target: z.string().min(1).describe('Column to predict'),
  features: z.array(z.string()).optional().describe('Feature columns (default: every other number, string or boolean column); strings are one-hot encoded, missing values imputed'),
  task: z.enum(['auto', 'classification', 'regression']).default('auto')
    .describe('auto: regression for a numeric target with fractions or more than 20 values, else classification'),
  trees: z.number().int().min(1).max(5000).default(100).describe('Number of trees'),
  maxDepth: z.number().int().min(-1).max(64).default(-1).refine((d) => d !== 0, { message: 'use -1 for no limit, or a depth ≥ 1' })
    .describe('Deepest split level; -1 grows until leaves are pure or hold minSamplesLeaf rows'),
  minSamplesLeaf: z.number().int().min(1).default(1).describe('Fewest training rows in a leaf'),
  maxFeatures: z.union([z.enum(['auto', 'sqrt', 'log2', 'all']), z.number().gt(0).max(1)]).default('auto')
    .describe("Model inputs tried per split: 'sqrt', 'log2', 'all', or a fraction; 'auto' is sqrt for classification and all for regression"),
  bootstrap: z.boolean().default(true).describe('Train each tree on a bootstrap sample (rows drawn with replacement)'),
  maxBins: z.number().int().min(2).max(255).default(255).describe('Quantile bins per feature: split candidates (missing values get one more)'),
  seed: z.number().int().default(42).describe('Seed of bootstrap samples and feature draws'),
});

export const trainForestComponent = defineComponent({
  id: 'train.forest',
  version: 1,
  title: 'Random forest',
  category: 'train',
  description:
    'Random forest: classification (gini) or regression (variance) on binned features. Exports an ONNX TreeEnsemble averaging the trees, with the preprocessing, taking the raw columns.',
  inputs: trainerPorts('Validation rows, scored into the metrics'),
  outputs: {
    model: { type: 'model', description: 'ONNX model: label [N] and probabilities [N, K] for classifiers, prediction [N, 1] for regression' },
    metrics: { type: 'metrics', description: 'Train (and valid) scores, tree sizes, split counts per input' },
  },
  params: forestParamsSchema,
  async run(ctx) {
    const p = ctx.params;
    const { problem, valid } = await loadTreeInputs(ctx.inputs, p, (l) => ctx.log(l), ctx.signal);
    const { train } = problem;
    const classification = problem.task !== 'regression';
    const maxFeatures: ForestParams['maxFeatures'] = p.maxFeatures === 'auto' ? (classification ? 'sqrt' : 'all') : p.maxFeatures;
    const params: ForestParams = { ...p, maxFeatures };
    ctx.log(`Training a ${classification ? 'classification' : 'regression'} forest of ${p.trees} trees on ${train.rows} rows, ${train.features} model inputs (${featuresPerSplit(maxFeatures, train.features)} tried per split)`);
    const t0 = performance.now();
    const every = Math.max(1, Math.ceil(p.trees / 10));
    const forest = await trainForestAsync(classification ? 'classification' : 'regression', Math.max(1, problem.labels.length), train, params, {
      signal: ctx.signal,
      onTree: (done, total) => {
        if (done % every === 0) ctx.log(`tree ${done}/${total}`);
        ctx.progress(Math.min(0.95, done / total), `tree ${done}/${total}`);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const nodes = forest.trees.reduce((a, t) => a + t.feature.length, 0);
    ctx.log(`Trained ${forest.trees.length} trees (${nodes} nodes) in ${seconds.toFixed(2)} s`);

    const graph = new OnnxGraph('random_forest');
    addForestHead(graph, exportPreprocessor(graph, problem.pre), forest, problem);
    const model = await writeTreeModel(graph, problem, componentKey(trainForestComponent), ctx.nodeId, params, join(ctx.tmpDir, 'model.onnx'));

    const trainScores = scorePredictions(problem, predictForest(forest, train.x, train.rows), train);
    const validScores = valid ? scorePredictions(problem, predictForest(forest, valid.x, valid.rows), valid) : undefined;
    ctx.progress(1);
    return {
      outputs: {
        model,
        metrics: {
          json: {
            task: problem.task,
            rows: train.rows,
            valid_rows: valid?.rows ?? 0,
            features: problem.features,
            inputs: problem.pre.outputs,
            classes: problem.labels,
            trees: forest.trees.length,
            nodes,
            train_seconds: seconds,
            train: trainScores,
            ...(validScores ? { valid: validScores } : {}),
            split_counts: splitCounts(forest.trees, problem.pre.outputs),
          },
        },
      },
      metrics: { nodes, ...prefixed('train', trainScores), ...(validScores ? prefixed('valid', validScores) : {}) },
    };
  },
});
