import { useState } from 'react';
import { DraftInput } from './draft-input';
import { numberFromText, textOf } from './field-values';
import type { FieldSpec } from './param-schema';

interface Props {
  id: string;
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
}

const entriesOf = (v: unknown): [string, unknown][] => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.entries(v) : []);

/** A key → value map (split fractions, column types): one row per key, keys from the schema when it names them. */
export function RecordField({ id, field, value, onChange }: Props) {
  const entries = entriesOf(value);
  const shown = entries.length > 0 || value !== undefined ? entries : entriesOf(field.default);
  const [newKey, setNewKey] = useState('');
  const commit = (next: [string, unknown][]) => onChange(next.length === 0 ? undefined : Object.fromEntries(next));
  const parse = (text: string): unknown => (field.valueKind === 'number' ? numberFromText(text) : text);
  const free = field.keyOptions?.filter((k) => !shown.some(([key]) => key === k));
  return (
    <div className="record-field" data-testid={id}>
      {shown.map(([key, v], i) => (
        <div className="record-row" key={key}>
          <span className="record-key">{key}</span>
          <DraftInput
            aria-label={`${field.name}.${key}`}
            data-testid={`${id}-${key}`}
            text={textOf(v)}
            onText={(t) => commit(shown.map(([k, old], j) => [k, j === i ? parse(t) : old]))}
          />
          <button type="button" className="link" title={`Remove ${key}`} onClick={() => commit(shown.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <div className="record-row">
        {free ? (
          <select aria-label={`new ${field.name} key`} value={newKey} onChange={(e) => setNewKey(e.target.value)}>
            <option value="">add…</option>
            {free.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        ) : (
          <input aria-label={`new ${field.name} key`} placeholder="new key" value={newKey} onChange={(e) => setNewKey(e.target.value)} />
        )}
        <button
          type="button"
          disabled={!newKey || shown.some(([k]) => k === newKey)}
          onClick={() => {
            commit([...shown, [newKey, field.valueKind === 'number' ? 0 : '']]);
            setNewKey('');
          }}
        >
          Add
        </button>
      </div>
    </div>
  );
}
