import { describe, expect, it } from 'vitest';
import { ComponentRegistry } from '../../engine/component';
import { dataComponents } from './index';

describe('dataComponents', () => {
  it('registers without duplicates and describes every component', () => {
    const registry = new ComponentRegistry(dataComponents);
    const infos = registry.describe();
    expect(infos.map((i) => i.key).sort()).toEqual([
      'code.sql@1', 'data.profile@1', 'data.read_csv@1', 'data.read_parquet@1', 'data.sample@1',
      'data.split@1', 'data.sql@1', 'data.validate@1', 'data.write@1', 'note@1',
    ]);
    for (const info of infos) expect(info.paramsSchema.type).toBe('object');
    const split = infos.find((i) => i.key === 'data.split@1');
    expect(Object.keys(split?.outputs ?? {})).toEqual(['train', 'valid', 'test']);
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
