import { useEffect } from 'react';
import { usePipelineEditorStore } from '../stores/pipeline-editor.store';

export interface ShortcutActions {
  toggleHelp: () => void;
  closeHelp: () => boolean;
  fitView: () => void;
}

const editable = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT');

// The last copy, for when the system clipboard cannot be read (no permission, no paste event).
let copied: string | null = null;

/**
 * Editor keyboard shortcuts (listed in shortcuts-help.tsx). Inside text fields the browser's own
 * undo/copy/paste apply. Copy and paste go through the clipboard events, which need no
 * permission, so nodes move between pipelines, windows and text editors as YAML.
 */
export function useCanvasShortcuts(actions: ShortcutActions): void {
  useEffect(() => {
    let pasteSeen = false;
    const store = usePipelineEditorStore.getState;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && actions.closeHelp()) return;
      if (editable(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && !e.shiftKey) return void (e.preventDefault(), store().undo());
      if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) return void (e.preventDefault(), store().redo());
      if (mod && key === 's') return void (e.preventDefault(), void store().flush());
      if (mod && key === 'a' && store().view === 'canvas') return void (e.preventDefault(), store().select(Object.keys(store().doc?.nodes ?? {})));
      if (mod && key === 'c') {
        copied = store().copySelection() ?? copied;
        if (copied && navigator.clipboard) void navigator.clipboard.writeText(copied).catch(() => undefined);
        return;
      }
      if (mod && key === 'v') {
        pasteSeen = false;
        // If the browser delivers no paste event (no focusable target), read the clipboard ourselves.
        setTimeout(() => {
          if (pasteSeen) return;
          const fallback = () => (copied ? store().paste(copied) : undefined);
          if (!navigator.clipboard) return void fallback();
          navigator.clipboard.readText().then((text) => (text ? store().paste(text) : fallback()), fallback);
        }, 0);
        return;
      }
      if (mod || e.altKey) return;
      if (e.key === '?') return void (e.preventDefault(), actions.toggleHelp());
      if (e.key === 'Escape') return void store().select([]);
      if (store().view !== 'canvas') return;
      if (key === 'f') return void (e.preventDefault(), actions.fitView());
      if (key === 'l') return void (e.preventDefault(), store().autoLayout());
    };
    const onCopy = (e: ClipboardEvent) => {
      if (editable(e.target) || (window.getSelection()?.toString() ?? '') !== '') return;
      const text = store().copySelection();
      if (!text || !e.clipboardData) return;
      copied = text;
      e.clipboardData.setData('text/plain', text);
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (editable(e.target)) return;
      const text = e.clipboardData?.getData('text/plain');
      pasteSeen = true;
      e.preventDefault();
      const source = text || copied;
      if (source) store().paste(source);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [actions]);
}
