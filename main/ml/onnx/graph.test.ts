import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { OnnxGraph, attr } from './graph';
import { readModelInfo } from './read';

describe('OnnxGraph', () => {
  it('writes a model onnxruntime runs, with metadata and a signature that read back', async () => {
    const g = new OnnxGraph('affine');
    g.input('x', 'float', ['N', 2]);
    g.initializer('w', Float32Array.from([2, -1]), [2, 1]);
    g.initializer('b', Float32Array.from([0.5]), [1]);
    const [xw] = g.node('MatMul', ['x', 'w'], [g.fresh('xw')]);
    g.node('Add', [xw ?? '', 'b'], ['y']);
    g.node('Sigmoid', ['y'], ['p']);
    g.output('y', 'float', ['N', 1]);
    g.output('p', 'float', ['N', 1]);
    const bytes = g.toModel({ metadata: { 'nodebook.task': 'regression', note: 'ünïcode' }, producer: 'test' });

    const info = readModelInfo(bytes);
    expect(info.metadata).toEqual({ 'nodebook.task': 'regression', note: 'ünïcode' });
    expect(info.irVersion).toBe(8);
    expect(info.opsets).toEqual({ '': 13, 'ai.onnx.ml': 3 });
    expect(info.signature.inputs).toEqual([{ name: 'x', dtype: 'float', shape: ['N', 2] }]);
    expect(info.signature.outputs.map((o) => o.name)).toEqual(['y', 'p']);

    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 1, 0, 3]), [2, 2]) });
    expect(Array.from(out.y?.data as Float32Array)).toEqual([1.5, -2.5]);
    expect((out.p?.data as Float32Array)[0]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 6);
  });

  it('encodes string initializers, int attributes and ml-domain ops', async () => {
    const g = new OnnxGraph('labels');
    g.input('i', 'int64', ['N']);
    g.initializer('names', ['zero', 'one', 'two'], [3]);
    g.node('Gather', ['names', 'i'], ['label'], { axis: attr.int(0) });
    g.node('LabelEncoder', ['label'], ['code'], { keys_strings: attr.strings(['one', 'two']), values_int64s: attr.ints([10, 20]), default_int64: attr.int(-1) }, 'ai.onnx.ml');
    g.output('label', 'string', ['N']);
    g.output('code', 'int64', ['N']);
    const session = await ort.InferenceSession.create(g.toModel());
    const out = await session.run({ i: new ort.Tensor('int64', BigInt64Array.from([2n, 0n, 1n]), [3]) });
    expect(out.label?.data).toEqual(['two', 'zero', 'one']);
    expect(Array.from(out.code?.data as BigInt64Array)).toEqual([20n, -1n, 10n]);
  });

  it('refuses IR versions onnxruntime cannot load and duplicate value names', () => {
    const g = new OnnxGraph('g');
    g.input('x', 'float', [1]);
    expect(() => g.input('x', 'float', [1])).toThrow(/used twice/);
    expect(() => g.toModel({ irVersion: 14 })).toThrow(/at most 10/);
  });
});
