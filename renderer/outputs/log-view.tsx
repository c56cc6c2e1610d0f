import { useEffect, useRef } from 'react';

/** A node's log lines; follows the end while new lines stream in, unless the user scrolled up. */
export function LogView({ lines, live }: { lines: string[]; live: boolean }) {
  const box = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <pre
      ref={box}
      className={`log-view${live ? ' live' : ''}`}
      data-testid="log-view"
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {lines.map((l) => (l.startsWith('[stderr] ') ? `${l.slice(9)}\n` : `${l}\n`)).join('')}
    </pre>
  );
}
