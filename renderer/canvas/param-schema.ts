import type { ParamProblem } from '../../shared/pipeline/validate';

/**
 * The subset of JSON Schema that components' zod params turn into (component-info.ts:
 * `paramsSchema`), read two ways: as form fields for the inspector, and as a checker so the
 * renderer reports bad params while typing. The backend's zod check stays the authority (it
 * also knows refinements such as "fractions sum to 1"); its diagnostics replace these after a save.
 */

export type Schema = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const schemas = (v: unknown): Schema[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const props = (s: Schema): Record<string, Schema> =>
  isRecord(s.properties) ? Object.fromEntries(Object.entries(s.properties).filter((e): e is [string, Schema] => isRecord(e[1]))) : {};

export type FieldKind = 'number' | 'integer' | 'boolean' | 'choice' | 'string' | 'text' | 'file' | 'string-list' | 'record' | 'json';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  description: string;
  required: boolean;
  default?: unknown;
  /** Bounds for numbers; the ±2^53 bounds zod adds to every int are left out as noise. */
  minimum?: number;
  maximum?: number;
  /** Allowed values of a `choice` (strings, booleans, numbers). */
  options?: unknown[];
  /** A `record`'s allowed keys, when the schema names them. */
  keyOptions?: string[];
  /** A `record`'s value kind. */
  valueKind?: 'string' | 'number';
}

const BIG = 2 ** 52;

/** Constant values a schema admits, when it is a closed list (enum, const, anyOf of those, boolean). */
function choices(s: Schema): unknown[] | null {
  if (Array.isArray(s.enum)) return s.enum;
  if ('const' in s) return [s.const];
  if (s.type === 'boolean') return [true, false];
  const branches = [...schemas(s.anyOf), ...schemas(s.oneOf)];
  if (branches.length === 0) return null;
  const all: unknown[] = [];
  for (const b of branches) {
    const c = choices(b);
    if (!c) return null;
    all.push(...c);
  }
  return all;
}

export function fieldFor(name: string, s: Schema, required: boolean): FieldSpec {
  const base = { name, description: typeof s.description === 'string' ? s.description : '', required, ...('default' in s ? { default: s.default } : {}) };
  const type = s.type;
  const bounds = (): Pick<FieldSpec, 'minimum' | 'maximum'> => {
    const min = num(s.minimum) ?? num(s.exclusiveMinimum);
    const max = num(s.maximum) ?? num(s.exclusiveMaximum);
    return { ...(min !== undefined && min > -BIG ? { minimum: min } : {}), ...(max !== undefined && max < BIG ? { maximum: max } : {}) };
  };
  if (type === 'boolean') return { ...base, kind: 'boolean' };
  const closed = choices(s);
  if (closed) return { ...base, kind: 'choice', options: closed };
  if (type === 'integer') return { ...base, kind: 'integer', ...bounds() };
  if (type === 'number') return { ...base, kind: 'number', ...bounds() };
  if (type === 'string') {
    if (name === 'path' || name.endsWith('Path')) return { ...base, kind: 'file' };
    return { ...base, kind: name === 'query' || name === 'code' ? 'text' : 'string' };
  }
  if (type === 'array' && isRecord(s.items) && s.items.type === 'string') return { ...base, kind: 'string-list' };
  if (type === 'object' && isRecord(s.additionalProperties) && !isRecord(s.properties)) {
    const valueType = s.additionalProperties.type;
    if (valueType === 'string' || valueType === 'number' || valueType === 'integer') {
      const names = isRecord(s.propertyNames) && Array.isArray(s.propertyNames.enum) ? s.propertyNames.enum.filter((k) => typeof k === 'string') : undefined;
      return { ...base, kind: 'record', valueKind: valueType === 'string' ? 'string' : 'number', ...(names ? { keyOptions: names } : {}) };
    }
  }
  return { ...base, kind: 'json' };
}

/** Params that name a column of the input table, by name or by what their description says. */
export const isColumnField = (name: string, description: string): boolean =>
  /column|stratify|target|label|^by$/i.test(name) || /\b(this|a|the) column\b/i.test(description);

/** One form field per property of `with:`, required ones first, otherwise in schema order. */
export function formFields(schema: Schema): FieldSpec[] {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const fields = Object.entries(props(schema)).map(([name, s]) => fieldFor(name, s, required.has(name)));
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

function typeOk(type: unknown, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return isRecord(v);
    case 'array':
      return Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return true;
  }
}

/** Problems of `value` against `schema`, with paths inside `with:`. Missing required keys included. */
export function checkParams(schema: Schema, value: unknown, path: (string | number)[] = []): ParamProblem[] {
  const out: ParamProblem[] = [];
  const fail = (message: string, at = path) => out.push({ path: at, message });
  const anyOf = [...schemas(schema.anyOf), ...schemas(schema.oneOf)];
  if (anyOf.length > 0 && !anyOf.some((b) => checkParams(b, value, path).length === 0)) {
    const closed = choices(schema);
    fail(closed ? `must be one of ${closed.map(show).join(', ')}` : `does not match any allowed form`);
    return out;
  }
  if (schema.type !== undefined && !typeOk(schema.type, value)) {
    fail(`expected ${String(schema.type)}, got ${typeName(value)}`);
    return out;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail(`must be one of ${schema.enum.map(show).join(', ')}`);
  if ('const' in schema && schema.const !== value) fail(`must be ${show(schema.const)}`);
  if (typeof value === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
    if (typeof minimum === 'number' && value < minimum) fail(`must be ≥ ${minimum}`);
    if (typeof maximum === 'number' && value > maximum) fail(`must be ≤ ${maximum}`);
    if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) fail(`must be > ${exclusiveMinimum}`);
    if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) fail(`must be < ${exclusiveMaximum}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail(schema.minLength === 1 ? 'must not be empty' : `needs at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) fail(`takes at most ${schema.maxLength} characters`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`needs at least ${schema.minItems} items`);
    if (isRecord(schema.items)) {
      const items = schema.items;
      value.forEach((item, i) => out.push(...checkParams(items, item, [...path, i])));
    }
  }
  if (isRecord(value)) {
    const known = props(schema);
    for (const key of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof key === 'string' && value[key] === undefined) fail('required', [...path, key]);
    }
    const names = isRecord(schema.propertyNames) ? schema.propertyNames : null;
    for (const [key, v] of Object.entries(value)) {
      const sub = known[key];
      if (sub) {
        out.push(...checkParams(sub, v, [...path, key]));
        continue;
      }
      if (names && Array.isArray(names.enum) && !names.enum.includes(key)) fail(`unknown key "${key}"; allowed: ${names.enum.join(', ')}`, [...path, key]);
      if (isRecord(schema.additionalProperties)) out.push(...checkParams(schema.additionalProperties, v, [...path, key]));
      else if (schema.additionalProperties === false) fail(`unknown key "${key}"`, [...path, key]);
    }
  }
  return out;
}
