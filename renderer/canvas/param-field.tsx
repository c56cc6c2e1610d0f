import { useState } from 'react';
import { listFromText, listText, numberFromText, optionKey, textOf, valueFromYaml, yamlText } from './field-values';
import type { FieldSpec } from './param-schema';
import { RecordField } from './record-field';
import { useDraft } from './use-draft';

interface Props {
  field: FieldSpec;
  value: unknown;
  /** undefined removes the key from `with:` (the component's default applies). */
  onChange: (value: unknown) => void;
  errors: string[];
  /** Suggestions for file fields (workspace paths). */
  files?: readonly string[];
  /** Suggestions for column fields (the upstream table's columns, once known). */
  columns?: readonly string[];
}

/** One param of `with:`, with the editor its JSON Schema calls for and its diagnostics under it. */
export function ParamField({ field, value, onChange, errors, files, columns }: Props) {
  const id = `param-${field.name}`;
  const hint = field.default !== undefined ? `default: ${textOf(field.default)}` : field.required ? 'required' : 'optional';
  return (
    <div className={`pfield${errors.length ? ' has-error' : ''}`} data-testid={`field-${field.name}`}>
      <label htmlFor={id} className="pfield-label">
        {field.name}
        {field.required ? <span className="req">*</span> : null}
        <span className="pfield-hint">{hint}</span>
      </label>
      <Editor field={field} value={value} onChange={onChange} id={id} files={files} columns={columns} />
      {field.description ? <div className="pfield-help">{field.description}</div> : null}
      {errors.map((e) => (
        <div key={e} className="pfield-error" data-testid={`param-error-${field.name}`}>
          {e}
        </div>
      ))}
    </div>
  );
}

function Editor({ field, value, onChange, id, files, columns }: Omit<Props, 'errors'> & { id: string }) {
  const [text, setText] = useDraft(field.kind === 'string-list' ? listText(value) : field.kind === 'json' ? yamlText(value) : textOf(value));
  const [yamlError, setYamlError] = useState<string | null>(null);
  switch (field.kind) {
    case 'boolean': {
      const checked = typeof value === 'boolean' ? value : field.default === true;
      return <input id={id} data-testid={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />;
    }
    case 'choice': {
      const options = field.options ?? [];
      const known = value === undefined || options.some((o) => optionKey(o) === optionKey(value));
      return (
        <select id={id} data-testid={id} value={value === undefined ? '' : optionKey(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : options.find((o) => optionKey(o) === e.target.value))}>
          <option value="">{field.default !== undefined ? `(default: ${textOf(field.default)})` : '(not set)'}</option>
          {options.map((o) => (
            <option key={optionKey(o)} value={optionKey(o)}>
              {textOf(o)}
            </option>
          ))}
          {!known ? <option value={optionKey(value)}>{textOf(value)}</option> : null}
        </select>
      );
    }
    case 'integer':
    case 'number':
      return (
        <input
          id={id}
          data-testid={id}
          inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
          placeholder={field.default !== undefined ? textOf(field.default) : field.minimum !== undefined || field.maximum !== undefined ? `${field.minimum ?? '…'} to ${field.maximum ?? '…'}` : ''}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange(numberFromText(e.target.value));
          }}
        />
      );
    case 'text':
      return <textarea id={id} data-testid={id} rows={5} spellCheck={false} value={text} onChange={(e) => (setText(e.target.value), onChange(e.target.value === '' ? undefined : e.target.value))} />;
    case 'string-list':
      return (
        <textarea
          id={id}
          data-testid={id}
          rows={3}
          placeholder="one per line"
          value={text}
          onChange={(e) => (setText(e.target.value), onChange(listFromText(e.target.value)))}
        />
      );
    case 'record':
      return <RecordField id={id} field={field} value={value} onChange={onChange} />;
    case 'json':
      return (
        <>
          <textarea
            id={id}
            data-testid={id}
            rows={5}
            spellCheck={false}
            className="mono"
            placeholder="YAML"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => {
              const parsed = valueFromYaml(text);
              if ('error' in parsed) setYamlError(parsed.error);
              else {
                setYamlError(null);
                onChange(parsed.value);
              }
            }}
          />
          {yamlError ? <div className="pfield-error">YAML: {yamlError}</div> : null}
        </>
      );
    case 'file':
    case 'string': {
      const suggestions = field.kind === 'file' ? files : columns;
      return (
        <>
          <input
            id={id}
            data-testid={id}
            value={text}
            spellCheck={false}
            placeholder={field.kind === 'file' ? 'data/…' : field.default !== undefined ? textOf(field.default) : suggestions?.length ? 'column' : ''}
            list={suggestions?.length ? `${id}-options` : undefined}
            onChange={(e) => (setText(e.target.value), onChange(e.target.value === '' ? undefined : e.target.value))}
          />
          {suggestions?.length ? (
            <datalist id={`${id}-options`} data-testid={`${id}-options`}>
              {suggestions.map((f) => (
                <option key={f} value={f} />
              ))}
            </datalist>
          ) : null}
        </>
      );
    }
  }
}
