import { describe, expect, it } from 'vitest';
import type { ComponentInfo } from '../../shared/pipeline/component-info';
import type { PipelineDocument } from '../../shared/pipeline/document';
import { toCatalog } from '../canvas/ports';
import { bindableOutputs } from './bindable-outputs';

const comp = (key: string, outputs: ComponentInfo['outputs'], over: Partial<ComponentInfo> = {}): ComponentInfo => ({
  key,
  id: key.split('@')[0] ?? key,
  version: 1,
  title: key,
  category: 'data',
  description: '',
  inputs: {},
  outputs,
  dynamicInputs: null,
  dynamicOutputs: false,
  codeLanguage: null,
  hasText: false,
  paramsSchema: {},
  ...over,
});
const t = { type: 'table' as const, description: '', optional: false };
const catalog = toCatalog([
  comp('data.read_csv@1', { table: t }),
  comp('data.split@1', { train: t, valid: t, test: t }, { inputs: { table: t } }),
  comp('data.profile@1', { profile: { ...t, type: 'metrics' }, figures: { ...t, type: 'figure' } }, { inputs: { table: t } }),
  comp('code.python@1', {}, { dynamicInputs: 'table', dynamicOutputs: true, codeLanguage: 'python' }),
]);
const doc: PipelineDocument = {
  nodebook: 1,
  name: 't',
  params: {},
  layout: {},
  nodes: {
    read: { use: 'data.read_csv@1' },
    split: { use: 'data.split@1', in: { table: 'read.table' } },
    py: { use: 'code.python@1', in: { train: 'split.train' }, out: { df: 'table' }, code: '' },
    profile: { use: 'data.profile@1', in: { table: 'py.df' } },
  },
};

describe('bindableOutputs', () => {
  it('lists outputs of the right type on nodes that do not depend on the cell', () => {
    expect(bindableOutputs(doc, catalog, 'py', 'table').map((o) => `${o.node}.${o.port}`)).toEqual(['read.table', 'split.train', 'split.valid', 'split.test']);
    expect(bindableOutputs(doc, catalog, 'read', 'table')).toEqual([]);
    expect(bindableOutputs(doc, catalog, 'split', null).map((o) => `${o.node}.${o.port}`)).toEqual(['read.table']);
  });
});
