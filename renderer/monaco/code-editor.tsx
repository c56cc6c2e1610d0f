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

/**
 * A Monaco editor that grows with its content, like a notebook cell. The document store owns
 * the text: edits flow out through onChange, and an outside change (undo, the canvas, a file
 * changed on disk) flows back in without resetting the cursor when the text is already equal.
 */
export function CodeEditor({ value, language, onChange, onRun, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };
  const theme = useAppTheme();
  const [height, setHeight] = useState(MIN_HEIGHT);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
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
      })
      .catch((err: unknown) => setFailed(err instanceof Error ? err.message : String(err)));
    return () => {
      disposed = true;
      created?.dispose();
      editor.current = null;
    };
    // The editor is created once per cell; value and language changes are applied below.
  }, []);

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
  return <div ref={host} className="code-editor" data-testid={testId} style={{ height }} />;
}
