/**
 * A small, safe Markdown subset for note cells: headings, paragraphs, lists, fenced code,
 * block quotes, rules, and inline bold/italic/code/links. It yields a tree, never HTML: the
 * React renderer turns each node into an element, so any `<script>` in a note stays text.
 * Links are shown as text with their target in a tooltip; a note cannot navigate the app.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; children: Inline[]; href: string };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'quote'; inlines: Inline[] }
  | { kind: 'rule' };

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)\s*([\w+-]*)\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const ORDERED = /^\s*\d+[.)]\s+(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s*>\s?(.*)$/;

function headingLevel(n: number): 1 | 2 | 3 | 4 | 5 | 6 {
  return n <= 1 ? 1 : n === 2 ? 2 : n === 3 ? 3 : n === 4 ? 4 : n === 5 ? 5 : 6;
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const isBlockStart = (line: string) => HEADING.test(line) || FENCE.test(line) || BULLET.test(line) || ORDERED.test(line) || RULE.test(line) || QUOTE.test(line);
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(fence[1] ?? '```')) body.push(lines[i++] ?? '');
      i++; // the closing fence, or past the end when it is missing
      blocks.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: headingLevel((heading[1] ?? '#').length), inlines: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      for (let m = QUOTE.exec(lines[i] ?? ''); m && i < lines.length; m = QUOTE.exec(lines[++i] ?? '')) body.push(m[1] ?? '');
      blocks.push({ kind: 'quote', inlines: parseInline(body.join(' ')) });
      continue;
    }
    const ordered = ORDERED.test(line);
    if (ordered || BULLET.test(line)) {
      const pattern = ordered ? ORDERED : BULLET;
      const items: Inline[][] = [];
      for (let m = pattern.exec(lines[i] ?? ''); m && i < lines.length; m = pattern.exec(lines[++i] ?? '')) items.push(parseInline(m[1] ?? ''));
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && (body.length === 0 || !isBlockStart(lines[i] ?? ''))) body.push((lines[i++] ?? '').trim());
    blocks.push({ kind: 'paragraph', inlines: parseInline(body.join(' ')) });
  }
  return blocks;
}

// One alternation per inline form; the earliest match wins, its delimiters are dropped.
const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*([^*\s](?:[^*]*[^*\s])?)\*|\b_([^_\s](?:[^_]*[^_\s])?)_\b|\[([^\]]+)\]\(([^)\s]+)\)/;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest.length > 0) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push({ kind: 'text', text: rest });
      break;
    }
    if (m.index > 0) out.push({ kind: 'text', text: rest.slice(0, m.index) });
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ kind: 'strong', children: parseInline(m[2] ?? m[3] ?? '') });
    else if (m[4] !== undefined || m[5] !== undefined) out.push({ kind: 'em', children: parseInline(m[4] ?? m[5] ?? '') });
    else out.push({ kind: 'link', children: parseInline(m[6] ?? ''), href: m[7] ?? '' });
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

/** The plain text of inlines, for titles and tests. */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : inlineText(n.children))).join('');
}
