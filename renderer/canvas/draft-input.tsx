import type { InputHTMLAttributes } from 'react';
import { useDraft } from './use-draft';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  /** The document's value as text. */
  text: string;
  onText: (text: string) => void;
};

/** An input that keeps what is typed ("0.", "-") while the document holds the parsed value. */
export function DraftInput({ text, onText, ...rest }: Props) {
  const [draft, setDraft] = useDraft(text);
  return (
    <input
      {...rest}
      value={draft}
      onChange={(e) => {
        setDraft(e.target.value);
        onText(e.target.value);
      }}
    />
  );
}
