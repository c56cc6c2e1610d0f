import { describe, expect, it } from 'vitest';
import { ComponentRegistry } from '../../engine/component';
import { modelComponents } from './index';

describe('modelComponents', () => {
  it('registers every model component once, with a params JSON Schema for the inspector', () => {
    const infos = new ComponentRegistry(modelComponents).describe();
    const keys = infos.map((i) => i.key);
    expect(keys).toEqual(expect.arrayContaining(['train.linear@1', 'train.logistic@1', 'model.evaluate@1', 'model.gate@1']));
    for (const info of infos) {
      expect(['train', 'evaluate']).toContain(info.category);
      expect(info.paramsSchema.type).toBe('object');
    }
    const logistic = infos.find((i) => i.key === 'train.logistic@1');
    expect(logistic?.paramsSchema.required).toEqual(['target']);
    expect(Object.keys(logistic?.outputs ?? {})).toEqual(['model', 'metrics']);
    expect(infos.find((i) => i.key === 'model.gate@1')?.inputs.baseline?.optional).toBe(true);
  });
});
