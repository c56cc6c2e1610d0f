import { describe, expect, it } from 'vitest';
import { inlineText, parseInline, parseMarkdown } from './markdown';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, lists, code fences, quotes and rules', () => {
    const blocks = parseMarkdown('# Title\n\nSome *nice*\ntext.\n\n- one\n- **two**\n\n1. first\n2) second\n\n```python\nx = 1\n```\n> quoted\n\n---');
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'list', 'code', 'quote', 'rule']);
    expect(blocks[0]).toEqual({ kind: 'heading', level: 1, inlines: [{ kind: 'text', text: 'Title' }] });
    expect(blocks[1]).toEqual({ kind: 'paragraph', inlines: [{ kind: 'text', text: 'Some ' }, { kind: 'em', children: [{ kind: 'text', text: 'nice' }] }, { kind: 'text', text: ' text.' }] });
    expect(blocks[2]).toMatchObject({ kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'one' }], [{ kind: 'strong' }]] });
    expect(blocks[3]).toMatchObject({ kind: 'list', ordered: true });
    expect(blocks[4]).toEqual({ kind: 'code', lang: 'python', text: 'x = 1' });
  });

  it('keeps raw HTML as text, never as markup', () => {
    const blocks = parseMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');
    expect(blocks).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: '<script>alert(1)</script>' }] },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
  });

  it('survives an unclosed fence and an empty note', () => {
    expect(parseMarkdown('```\ncode')).toEqual([{ kind: 'code', lang: '', text: 'code' }]);
    expect(parseMarkdown('')).toEqual([]);
  });
});

describe('parseInline', () => {
  it('turns links into text with their target kept apart', () => {
    const nodes = parseInline('see [the docs](javascript:alert(1)) now');
    expect(nodes[1]).toEqual({ kind: 'link', children: [{ kind: 'text', text: 'the docs' }], href: 'javascript:alert(1' });
    expect(inlineText(nodes)).toBe('see the docs) now');
  });

  it('reads code spans literally and nests emphasis in bold', () => {
    expect(parseInline('`**x**`')).toEqual([{ kind: 'code', text: '**x**' }]);
    expect(parseInline('**a _b_**')).toEqual([{ kind: 'strong', children: [{ kind: 'text', text: 'a ' }, { kind: 'em', children: [{ kind: 'text', text: 'b' }] }] }]);
    expect(inlineText(parseInline('snake_case_name stays'))).toBe('snake_case_name stays');
  });
});
