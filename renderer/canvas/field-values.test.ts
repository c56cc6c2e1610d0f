import { describe, expect, it } from 'vitest';
import { listFromText, listText, numberFromText, optionKey, valueFromYaml, yamlText } from './field-values';

describe('form value conversions', () => {
  it('reads numbers, keeps param references and clears empty fields', () => {
    expect(numberFromText('42')).toBe(42);
    expect(numberFromText(' -0.5 ')).toBe(-0.5);
    expect(numberFromText('1e3')).toBe(1000);
    expect(numberFromText('${params.seed}')).toBe('${params.seed}');
    expect(numberFromText('')).toBeUndefined();
  });
  it('reads lists one item per line', () => {
    expect(listFromText('a\n\nb\n\n')).toEqual(['a', '', 'b']);
    expect(listFromText('')).toBeUndefined();
    expect(listText(['NA', ''])).toBe('NA\n');
  });
  it('round-trips YAML and reports parse errors', () => {
    const v = [{ kind: 'columns', required: [{ name: 'x' }] }];
    const text = yamlText(v);
    expect(valueFromYaml(text)).toEqual({ value: v });
    expect(valueFromYaml('a: [')).toHaveProperty('error');
    expect(optionKey(true)).not.toBe(optionKey('true'));
  });
});
