import { useMemo, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from './markdown';

function inlines(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case 'text':
        return n.text;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{inlines(n.children)}</strong>;
      case 'em':
        return <em key={i}>{inlines(n.children)}</em>;
      case 'link':
        return (
          <span key={i} className="md-link" title={n.href}>
            {inlines(n.children)}
          </span>
        );
    }
  });
}

function block(b: Block, i: number): ReactNode {
  switch (b.kind) {
    case 'heading': {
      const Tag = `h${b.level}` as const;
      return <Tag key={i}>{inlines(b.inlines)}</Tag>;
    }
    case 'paragraph':
      return <p key={i}>{inlines(b.inlines)}</p>;
    case 'quote':
      return <blockquote key={i}>{inlines(b.inlines)}</blockquote>;
    case 'rule':
      return <hr key={i} />;
    case 'code':
      return (
        <pre key={i} className="md-code">
          <code>{b.text}</code>
        </pre>
      );
    case 'list': {
      const items = b.items.map((item, j) => <li key={j}>{inlines(item)}</li>);
      return b.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
    }
  }
}

/** Renders a note's Markdown as React elements (no HTML string is ever injected). */
export function MarkdownView({ text }: { text: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  if (blocks.length === 0) return <p className="md-empty">Empty note. Click Edit to write Markdown.</p>;
  return <div className="markdown">{blocks.map(block)}</div>;
}
