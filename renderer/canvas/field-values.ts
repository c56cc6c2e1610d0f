import { parse, stringify } from 'yaml';

/**
 * Conversions between form text and `with:` values. A value a widget cannot show as such (a
 * `${params.seed}` reference in a number field) stays text, so no form ever rewrites what the
 * user wrote in YAML.
 */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function numberFromText(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  return NUMBER.test(t) ? Number(t) : t;
}

export const textOf = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function listFromText(text: string): string[] | undefined {
  const items = text.split('\n').map((s) => s.trim());
  while (items.length > 0 && items[items.length - 1] === '') items.pop();
  return items.length === 0 ? undefined : items;
}

export const listText = (value: unknown): string => (Array.isArray(value) ? value.map((v) => textOf(v)).join('\n') : textOf(value));

/** YAML text of any value (the fallback editor), and back; a parse error is reported, not thrown. */
export function yamlText(value: unknown): string {
  return value === undefined ? '' : stringify(value, { lineWidth: 0 }).trimEnd();
}

export function valueFromYaml(text: string): { value: unknown } | { error: string } {
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: parse(text) };
  } catch (err) {
    return { error: err instanceof Error ? err.message.split('\n')[0] ?? 'invalid YAML' : 'invalid YAML' };
  }
}

/** The option an enum select shows for a value: JSON keeps "true" the string apart from true. */
export const optionKey = (v: unknown): string => JSON.stringify(v) ?? 'undefined';
