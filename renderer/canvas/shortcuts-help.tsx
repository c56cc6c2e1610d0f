const SHORTCUTS: [string, string][] = [
  ['Click / Shift+click', 'select / add to the selection'],
  ['Shift+drag', 'box-select on the canvas'],
  ['Drag', 'move the selected nodes; drag the background to pan'],
  ['Delete / Backspace', 'delete the selected nodes or connections'],
  ['Ctrl+C / Ctrl+V', 'copy / paste nodes (as YAML, between pipelines too)'],
  ['Ctrl+Z', 'undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'redo'],
  ['Ctrl+A', 'select all nodes'],
  ['Ctrl+S', 'save now (edits save by themselves after half a second)'],
  ['L', 'auto-layout left to right'],
  ['F', 'fit the view'],
  ['Esc', 'clear the selection / close this panel'],
  ['?', 'show or hide this panel'],
];

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="shortcuts-help" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcuts-help">
      <header>
        <h2>Keyboard shortcuts</h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                {keys.split(' / ').map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' / ' : null}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Connect an output (right) to an input (left) of the same type; the colour shows the type.</p>
    </div>
  );
}
