import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors';
import { OnnxGraph } from '../ml/onnx/graph';
import { checkModelOutput } from './check-model';

const dir = mkdtempSync(join(tmpdir(), 'nb-check-model-'));

describe('model outputs are checked in ONNX Runtime', () => {
  it('records the signature of a model that loads', async () => {
    const g = new OnnxGraph('double');
    g.input('x', 'float', ['N', 1]);
    g.node('Add', ['x', 'x'], ['y']);
    g.output('y', 'float', ['N', 1]);
    const file = join(dir, 'ok.onnx');
    writeFileSync(file, g.toModel());
    const checked = await checkModelOutput('train', 'model', { file });
    expect(checked).toMatchObject({ file, meta: { signature: { inputs: [{ name: 'x', dtype: 'float' }], outputs: [{ name: 'y' }] } } });
  });

  it('refuses a file that is not a loadable model, naming node and port', async () => {
    const file = join(dir, 'bad.onnx');
    writeFileSync(file, 'not a model');
    const err = await checkModelOutput('torch_cell', 'net', { file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^Output 'net' of node torch_cell is not an ONNX model that ONNX Runtime can load/);
  });

  it('refuses a JSON value declared as a model', async () => {
    await expect(checkModelOutput('cell', 'm', { json: { weights: [1] } })).rejects.toThrow(/must be an ONNX file/);
  });
});
