import { describe, expect, it } from 'vitest';
import { ComponentRegistry } from '../../engine/component';
import { createRegistry } from '../index';
import { dataComponents } from './index';

describe('dataComponents', () => {
  it('registers without duplicates and describes every component', () => {
    const registry = new ComponentRegistry(dataComponents);
    const infos = registry.describe();
    expect(infos.map((i) => i.key).sort()).toEqual([
      'data.profile@1', 'data.read_csv@1', 'data.read_parquet@1', 'data.sample@1',
      'data.split@1', 'data.sql@1', 'data.validate@1', 'data.write@1', 'note@1',
    ]);
    for (const info of infos) expect(info.paramsSchema.type).toBe('object');
    const split = infos.find((i) => i.key === 'data.split@1');
    expect(Object.keys(split?.outputs ?? {})).toEqual(['train', 'valid', 'test']);
  });

  it('joins the code cells in the full registry, each key once', () => {
    const infos = createRegistry().describe();
    expect(infos.map((i) => i.key)).toEqual(expect.arrayContaining(['code.sql@1', 'code.python@1', 'code.js@1', 'data.read_csv@1']));
    expect(new Set(infos.map((i) => i.key)).size).toBe(infos.length);
    expect(infos.find((i) => i.key === 'code.sql@1')).toMatchObject({ codeLanguage: 'sql', dynamicInputs: 'table', category: 'code' });
  });

  it('gives every param a default or a description for the inspector form', () => {
    for (const def of dataComponents) {
      const schema = new ComponentRegistry([def]).describe()[0]?.paramsSchema as { properties?: Record<string, { description?: string }> };
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        if (def.id === 'data.validate' && name === 'expectations') continue;
        expect(prop.description, `${def.id}.${name}`).toBeTruthy();
      }
    }
  });
});
