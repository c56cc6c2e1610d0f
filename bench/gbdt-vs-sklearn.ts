// train.gbdt's trainer against scikit-learn HistGradientBoosting and xgboost (hist), and
// train.logistic's against scikit-learn LogisticRegression, on the same matrices and split.
// Usage: node --import tsx bench/gbdt-vs-sklearn.ts [syntheticRows=1000000] [rounds=100]
// Needs Debian's /usr/bin/python3 with python3-sklearn and python3-xgboost.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { classTarget, loadTrainingData } from '../main/ml/dataset';
import { fitLogistic, predictProba } from '../main/ml/logistic';
import { logLoss, rocCurve } from '../main/ml/metrics';
import { fitPreprocessor, transform } from '../main/ml/preprocess';
import { loadTable } from '../main/ml/table';
import { fixtureTables } from '../main/ml/test-fixtures';
import type { Dataset, GbdtParams, GbdtTask } from '../main/ml/trees/gbdt';
import { defaultGbdtParams, predictGbdt, trainGbdt } from '../main/ml/trees/gbdt';
import { Rng } from '../main/ml/trees/rng';
import { table } from './bench-context';

const syntheticRows = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 100);
const dir = join(import.meta.dirname, 'out', 'gbdt');
mkdirSync(dir, { recursive: true });
const params: GbdtParams = { ...defaultGbdtParams, rounds };

interface Case {
  name: string;
  task: GbdtTask;
  classes: number;
  train: Dataset;
  test: Dataset;
}

/** Scores as percentages: ROC AUC for binary, accuracy for multiclass; plus log loss. */
function score(task: GbdtTask, k: number, proba: Float64Array, d: Dataset): { metric: number; logloss: number } {
  const y = Int32Array.from(d.y);
  if (task === 'binary') {
    const auc = rocCurve(Array.from(y, (c) => c === 1), Array.from({ length: d.rows }, (_, r) => proba[r * 2 + 1] ?? 0)).auc;
    return { metric: 100 * auc, logloss: logLoss(y, proba, 2) };
  }
  let correct = 0;
  for (let r = 0; r < d.rows; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if ((proba[r * k + j] ?? 0) > (proba[r * k + best] ?? 0)) best = j;
    if (best === y[r]) correct++;
  }
  return { metric: (100 * correct) / d.rows, logloss: logLoss(y, proba, k) };
}

async function realCase(csv: string, target: string, scale: boolean): Promise<Case> {
  const fx = await fixtureTables(csv);
  try {
    const data = await loadTrainingData(fx.train, { target });
    const ct = classTarget(data.target);
    const pre = fitPreprocessor(data.table, { features: data.features.map((f) => f.name), target, scale });
    const m = transform(pre, data.table);
    const testTable = await loadTable(fx.test);
    const tm = transform(pre, testTable);
    const index = new Map(ct.classes.map((c, i) => [c, i]));
    const tcol = testTable.columns.find((c) => c.name === target);
    const ty = new Float64Array(testTable.rows);
    for (let r = 0; r < testTable.rows; r++) ty[r] = index.get(String(tcol?.values[r])) ?? 0;
    const k = ct.classes.length;
    return {
      name: csv.replace('.csv', ''), task: k === 2 ? 'binary' : 'multiclass', classes: k,
      train: { x: m.data, rows: m.rows, features: m.cols, y: Float64Array.from(ct.y) },
      test: { x: tm.data, rows: tm.rows, features: tm.cols, y: ty },
    };
  } finally {
    await fx.cleanup();
  }
}

/** Binary target from a noisy logistic of a few features with an interaction; 20 numeric columns. */
function syntheticCase(rows: number): Case {
  const make = (n: number, seed: number): Dataset => {
    const rng = new Rng(seed);
    const nf = 20;
    const x = new Float64Array(n * nf);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < nf; j++) {
        const v = j % 5 === 4 ? rng.int(10) : rng.normal();
        x[i * nf + j] = v;
        if (j < 10) s += (j % 2 ? 1 : -1) * v * (0.3 + j / 10);
      }
      s += 1.5 * (x[i * nf] ?? 0) * (x[i * nf + 1] ?? 0) + Math.sin(3 * (x[i * nf + 2] ?? 0));
      y[i] = rng.next() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
    }
    return { x, rows: n, features: nf, y };
  };
  return { name: `synthetic ${rows / 1000}k×20`, task: 'binary', classes: 2, train: make(rows, 1), test: make(Math.max(10_000, rows / 5), 2) };
}

function writeCase(c: Case, model: 'gbdt' | 'logistic'): string {
  const base = join(dir, c.name.replace(/[^a-z0-9]+/gi, '_'));
  for (const [part, d] of [['train', c.train], ['test', c.test]] as const) {
    writeFileSync(`${base}.${part}.x`, new Uint8Array(d.x.buffer, d.x.byteOffset, d.x.byteLength));
    writeFileSync(`${base}.${part}.y`, new Uint8Array(d.y.buffer, d.y.byteOffset, d.y.byteLength));
  }
  const spec = { base, model, task: c.task, classes: c.classes, features: c.train.features, train_rows: c.train.rows, test_rows: c.test.rows, rounds, repeats: c.train.rows > 50_000 ? 1 : model === 'logistic' ? 10 : 3 };
  writeFileSync(`${base}.json`, JSON.stringify(spec));
  return `${base}.json`;
}

const python = String.raw`
import json, sys, time, resource
import numpy as np
from threadpoolctl import threadpool_limits
from sklearn.metrics import roc_auc_score, accuracy_score, log_loss
spec = json.load(open(sys.argv[1]))
b, f = spec['base'], spec['features']
X = np.fromfile(b + '.train.x', dtype='<f8').reshape(-1, f); y = np.fromfile(b + '.train.y', dtype='<f8').astype(int)
Xt = np.fromfile(b + '.test.x', dtype='<f8').reshape(-1, f); yt = np.fromfile(b + '.test.y', dtype='<f8').astype(int)
def score(p):
    m = 100 * (roc_auc_score(yt, p[:, 1]) if spec['task'] == 'binary' else accuracy_score(yt, p.argmax(1)))
    return {'metric': m, 'logloss': log_loss(yt, p, labels=list(range(spec['classes'])))}
def timed(make):
    best, model = None, None
    for _ in range(spec['repeats']):
        model = make(); t = time.perf_counter(); model.fit(X, y); s = time.perf_counter() - t
        best = s if best is None else min(best, s)
    return best, model
out = {}
if spec['model'] == 'gbdt':
    from sklearn.ensemble import HistGradientBoostingClassifier
    import xgboost as xgb
    hgb = lambda: HistGradientBoostingClassifier(learning_rate=0.1, max_iter=spec['rounds'], max_leaf_nodes=31, max_depth=6, min_samples_leaf=20, l2_regularization=0.0, max_bins=255, early_stopping=False, random_state=0)
    for threads in (2, 1):
        with threadpool_limits(threads):
            s, m = timed(hgb)
        out['sklearn_%d' % threads] = {'fit_s': s, **score(m.predict_proba(Xt))}
    xg = lambda: xgb.XGBClassifier(tree_method='hist', n_estimators=spec['rounds'], learning_rate=0.1, max_depth=6, max_leaves=31, grow_policy='lossguide', reg_lambda=0.0, min_child_weight=1e-3, max_bin=255, n_jobs=2)
    s, m = timed(xg)
    out['xgboost_2'] = {'fit_s': s, **score(m.predict_proba(Xt))}
else:
    from sklearn.linear_model import LogisticRegression
    with threadpool_limits(1):
        s, m = timed(lambda: LogisticRegression(C=1.0, max_iter=200, tol=1e-6))
    out['sklearn_1'] = {'fit_s': s, **score(m.predict_proba(Xt))}
out['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out['data_mb'] = (X.nbytes + Xt.nbytes) / 1e6
print(json.dumps(out))
`;
const pyPath = join(dir, 'reference.py');
writeFileSync(pyPath, python);

interface Ref { fit_s: number; metric: number; logloss: number }
function reference(spec: string): Record<string, Ref> & { peak_rss_mb: number; data_mb: number } {
  return JSON.parse(execFileSync('/usr/bin/python3', [pyPath, spec], { encoding: 'utf8', maxBuffer: 1 << 20 }));
}

const fmtS = (s: number) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const gbdtRows: (string | number)[][] = [['data (train rows × inputs)', 'metric', 'ours', 'sklearn HGB (2 thr)', 'sklearn HGB (1 thr)', 'xgboost hist (2 thr)', 'time ours / sklearn 2 thr', 'Δ metric vs sklearn (points)', 'Δ vs xgboost']];
const memRows: (string | number)[][] = [['data', 'float64 train matrix', 'our RSS before → peak in training', 'our growth', 'python peak RSS (data + sklearn + xgboost)']];
const logisticRows: (string | number)[][] = [['data', 'metric', 'ours (train.logistic)', 'sklearn LogisticRegression (lbfgs)', 'time ratio', 'Δ metric (points)']];

const cases: Case[] = [
  await realCase('breast_cancer.csv', 'diagnosis', false),
  await realCase('wine.csv', 'cultivar', false),
  await realCase('penguins.csv', 'species', false),
];
if (syntheticRows > 0) cases.push(syntheticCase(syntheticRows));

for (const c of cases) {
  const repeats = c.train.rows > 50_000 ? 1 : 3;
  let seconds = Infinity;
  let proba: Float64Array = new Float64Array(0);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const fit = trainGbdt(c.task, c.classes, c.train, undefined, params, { onRound: () => (peak = Math.max(peak, process.memoryUsage().rss)) });
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
    proba = predictGbdt(fit.model, c.test.x, c.test.rows);
  }
  const ours = score(c.task, c.classes, proba, c.test);
  const ref = reference(writeCase(c, 'gbdt'));
  const sk2 = ref.sklearn_2;
  const sk1 = ref.sklearn_1;
  const xg = ref.xgboost_2;
  if (!sk2 || !sk1 || !xg) throw new Error('reference run failed');
  const metricName = c.task === 'binary' ? 'ROC AUC %' : 'accuracy %';
  const f2 = (v: number) => v.toFixed(2);
  gbdtRows.push([
    `${c.name} (${c.train.rows} × ${c.train.features})`, metricName,
    `${fmtS(seconds)}, ${f2(ours.metric)}`, `${fmtS(sk2.fit_s)}, ${f2(sk2.metric)}`, `${fmtS(sk1.fit_s)}, ${f2(sk1.metric)}`, `${fmtS(xg.fit_s)}, ${f2(xg.metric)}`,
    `${(seconds / sk2.fit_s).toFixed(2)}×`, f2(ours.metric - sk2.metric), f2(ours.metric - xg.metric),
  ]);
  memRows.push([c.name, mb(c.train.x.byteLength), `${mb(rssBefore)} → ${mb(peak)}`, mb(peak - rssBefore), `${ref.peak_rss_mb.toFixed(0)} MB (data ${ref.data_mb.toFixed(0)} MB)`]);
  console.log(`${c.name}: ours ${fmtS(seconds)} ${f2(ours.metric)}; sklearn ${fmtS(sk2.fit_s)} ${f2(sk2.metric)}; xgboost ${fmtS(xg.fit_s)} ${f2(xg.metric)}`);
}

// train.logistic's solver on standardized inputs (its own preprocessing) against sklearn's lbfgs;
// then the synthetic table as it is (Gaussian and 0–9 integer columns, on both sides).
const logisticCases: Case[] = [];
for (const [csv, target] of [['breast_cancer.csv', 'diagnosis'], ['wine.csv', 'cultivar'], ['penguins.csv', 'species']] as const) logisticCases.push(await realCase(csv, target, true));
const synthetic = cases.find((c) => c.name.startsWith('synthetic'));
if (synthetic) logisticCases.push(synthetic);
for (const c of logisticCases) {
  // Milliseconds on the small sets: the best of 10 leaves out V8's warm-up, as the best of
  // Python's runs leaves out its own.
  const repeats = c.train.rows > 50_000 ? 1 : 10;
  let seconds = Infinity;
  let proba: Float64Array = new Float64Array(0);
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const fit = fitLogistic({ data: c.train.x, rows: c.train.rows, cols: c.train.features }, Int32Array.from(c.train.y), c.classes, { C: 1, maxIter: 200, tol: 1e-6 });
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
    proba = predictProba(fit, { data: c.test.x, rows: c.test.rows, cols: c.test.features });
  }
  const ours = score(c.task, c.classes, proba, c.test);
  const ref = reference(writeCase(c, 'logistic')).sklearn_1;
  if (!ref) throw new Error('reference run failed');
  logisticRows.push([`${c.name} (${c.train.rows} × ${c.train.features})`, c.task === 'binary' ? 'ROC AUC %' : 'accuracy %', `${fmtS(seconds)}, ${ours.metric.toFixed(2)}`, `${fmtS(ref.fit_s)}, ${ref.metric.toFixed(2)}`, `${(seconds / ref.fit_s).toFixed(2)}×`, (ours.metric - ref.metric).toFixed(2)]);
}

console.log(`\n### Gradient boosting: ${rounds} rounds, learning rate 0.1, 31 leaves, depth 6, min 20 rows per leaf, 255 bins (best of 3 fits on small data, 1 on synthetic)\n`);
console.log(table(gbdtRows));
console.log('\n### Memory (this process)\n');
console.log(table(memRows));
console.log('\n### Logistic regression (C = 1; real sets standardized, best of 10; synthetic as is, 1 fit)\n');
console.log(table(logisticRows));
