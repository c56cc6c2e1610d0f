import { useEffect, useRef, useState } from 'react';
import { useAppTheme } from '../outputs/use-app-theme';
import { loadMonaco, monacoTheme } from './monaco-loader';
import type { Monaco } from './monaco-setup';

type Editor = ReturnType<Monaco['editor']['create']>;

const MIN_HEIGHT = 60;
const MAX_HEIGHT = 560;

interface Props {
  value: string;
  language: 'python' | 'sql' | 'javascript';
  onChange(value: string): void;
  /** Shift+Enter, as in Jupyter. */
  onRun?(): void;
  testId?: string;
}

const LINE_HEIGHT = 19;
const PADDING = 12;
/** Editors are created this far before they scroll into view. */
const NEAR_VIEWPORT = '800px 0px';

/** Until the editor exists: the code as plain text, at about the height the editor will take. */
const previewHeight = (value: string): number => Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, value.split('\n').length * LINE_HEIGHT + PADDING));

/**
 * A Monaco editor that grows with its content, like a notebook cell. The document store owns
 * the text: edits flow out through onChange, and an outside change (undo, the canvas, a file
 * changed on disk) flows back in without resetting the cursor when the text is already equal.
 *
 * An editor is created only when its cell comes near the viewport: a hundred live editors cost
 * seconds to open and slow every frame while typing; until then the code shows as plain text.
 */
export function CodeEditor({ value, language, onChange, onRun, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };
  const theme = useAppTheme();
  const [height, setHeight] = useState(() => previewHeight(value));
  const [failed, setFailed] = useState<string | null>(null);
  const [near, setNear] = useState(false);
  const [ready, setReady] = useState(false);
  const focusWhenReady = useRef(false);

  useEffect(() => {
    const el = host.current;
    if (near || !el) return;
    if (typeof IntersectionObserver === 'undefined') return setNear(true);
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNear(true);
    }, { rootMargin: NEAR_VIEWPORT });
    io.observe(el);
    return () => io.disconnect();
  }, [near]);

  useEffect(() => {
    if (!near) return;
    let disposed = false;
    let created: Editor | null = null;
    loadMonaco()
      .then((monaco) => {
        if (disposed || !host.current) return;
        created = monaco.editor.create(host.current, {
          value,
          language,
          theme: monacoTheme(document.documentElement.dataset.theme),
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          scrollbar: { alwaysConsumeMouseWheel: false, verticalScrollbarSize: 8, horizontalScrollbarSize: 8 },
          lineNumbersMinChars: 3,
          fontSize: 13,
          tabSize: language === 'python' ? 4 : 2,
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          wordWrap: 'on',
          padding: { top: 6, bottom: 6 },
          fixedOverflowWidgets: true,
          // A plain textarea: keyboard handlers elsewhere (canvas shortcuts) recognise it as a text field.
          editContext: false,
        });
        editor.current = created;
        created.onDidChangeModelContent(() => {
          const text = created?.getValue() ?? '';
          callbacks.current.onChange(text);
        });
        created.onDidContentSizeChange((e) => setHeight(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, e.contentHeight))));
        created.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => callbacks.current.onRun?.());
        setHeight(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, created.getContentHeight())));
        setReady(true);
        if (focusWhenReady.current) created.focus();
      })
      .catch((err: unknown) => setFailed(err instanceof Error ? err.message : String(err)));
    return () => {
      disposed = true;
      created?.dispose();
      editor.current = null;
    };
    // The editor is created once per cell, when near; value and language changes are applied below.
  }, [near]);

  useEffect(() => {
    const e = editor.current;
    if (e && e.getValue() !== value) {
      // Through an edit operation, so Monaco's own undo stack keeps working.
      const model = e.getModel();
      if (model) e.executeEdits('store', [{ range: model.getFullModelRange(), text: value }]);
    }
  }, [value]);

  useEffect(() => {
    void loadMonaco().then((monaco) => {
      const model = editor.current?.getModel();
      if (model) monaco.editor.setModelLanguage(model, language);
    });
  }, [language]);

  useEffect(() => {
    void loadMonaco().then((monaco) => monaco.editor.setTheme(monacoTheme(theme)));
  }, [theme]);

  if (failed) {
    return (
      <textarea className="code-fallback" data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} aria-label="code" />
    );
  }
  return (
    <div ref={host} className="code-editor" data-testid={testId} style={{ height }}>
      {ready ? null : (
        <pre
          className="code-preview"
          onMouseDown={() => {
            focusWhenReady.current = true;
            setNear(true);
          }}
        >
          {value}
        </pre>
      )}
    </div>
  );
}
