import { useEffect, useRef, useState } from 'react';

/**
 * A text field's own text, reset when the document's value changes from elsewhere (undo, the
 * notebook, a reload). Without it, "1." or "-" would be normalized away while typing.
 */
export function useDraft(external: string): [string, (text: string) => void] {
  const [draft, setDraft] = useState(external);
  const last = useRef(external);
  useEffect(() => {
    if (external !== last.current) {
      last.current = external;
      setDraft(external);
    }
  }, [external]);
  return [draft, setDraft];
}
