import { Document, YAMLMap, YAMLSeq, isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { ToStringOptions } from 'yaml';
import type { PipelineDocument, PipelineNode } from './document';

/**
 * Canonical YAML for a pipeline (rules in README.md). Git diffs and merges stay small only if
 * a load followed by a save changes nothing, so every choice below is a function of the
 * document alone: key order is fixed, and flow vs block style depends only on content and width.
 */

/** A collection is written on one line when that line fits in this many characters. */
export const MAX_LINE_WIDTH = 120;

const TO_STRING: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  // 0 turns off folding: a scalar never wraps, so a width check on one line is the whole story.
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: true,
  blockQuote: 'literal',
};

type StringifyContext = Parameters<YAMLSeq['toString']>[0];

/**
 * yaml pads every flow collection alike; we want `{ a: 1 }` but `[0, 0]` (how people write
 * positions and short lists). Each collection sets the padding for itself, so nesting either
 * way round keeps both rules.
 */
class TightSeq extends YAMLSeq {
  override toString(ctx?: StringifyContext, onComment?: () => void, onChompKeep?: () => void): string {
    return super.toString(ctx && { ...ctx, flowCollectionPadding: '' }, onComment, onChompKeep);
  }
}
class PaddedMap extends YAMLMap {
  override toString(ctx?: StringifyContext, onComment?: () => void, onChompKeep?: () => void): string {
    return super.toString(ctx && { ...ctx, flowCollectionPadding: ' ' }, onComment, onChompKeep);
  }
}

function buildDocument(value: unknown): Document {
  const ydoc = new Document(value, { aliasDuplicateObjects: false });
  ydoc.contents = restyle(ydoc.contents);
  return ydoc;
}

function restyle<T>(node: T): T | TightSeq | PaddedMap {
  if (isSeq(node)) {
    const seq = new TightSeq(node.schema);
    seq.items = node.items.map((item) => restyle(item));
    return seq;
  }
  if (isMap(node)) {
    const map = new PaddedMap(node.schema);
    for (const pair of node.items) {
      if (isPair(pair)) pair.value = restyle(pair.value);
      map.items.push(pair);
    }
    return map;
  }
  return node;
}

export function serializePipeline(doc: PipelineDocument): string {
  const ydoc = buildDocument(canonicalValue(doc));
  const root = ydoc.contents;
  if (isMap(root)) {
    root.flow = false;
    for (const pair of root.items) {
      const key = keyText(pair.key);
      if (keyValue(pair.key) === 'nodes' && isMap(pair.value) && pair.value.items.length > 0) {
        // One node per entry of a block map, always: adding a node is then a one-hunk diff.
        pair.value.flow = false;
        for (const nodePair of pair.value.items) applyStyle(nodePair.value, 2 + keyText(nodePair.key).length + 2, 4);
      } else {
        applyStyle(pair.value, key.length + 2, 2);
      }
    }
  }
  return ydoc.toString(TO_STRING);
}

/** Plain objects in canonical key order; empty `in`/`with`/`out` maps are dropped. */
function canonicalValue(doc: PipelineDocument): Record<string, unknown> {
  const out: Record<string, unknown> = { nodebook: doc.nodebook, name: doc.name };
  if (doc.description !== undefined) out.description = doc.description;
  out.params = doc.params;
  const nodes: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(doc.nodes)) nodes[id] = canonicalNode(node);
  out.nodes = nodes;
  out.layout = doc.layout;
  return out;
}

function canonicalNode(node: PipelineNode): Record<string, unknown> {
  const out: Record<string, unknown> = { use: node.use };
  if (node.in && Object.keys(node.in).length > 0) out.in = node.in;
  if (node.with && Object.keys(node.with).length > 0) out.with = node.with;
  if (node.code !== undefined) out.code = node.code;
  if (node.out && Object.keys(node.out).length > 0) out.out = node.out;
  if (node.text !== undefined) out.text = node.text;
  return out;
}

/**
 * Flow style when the collection holds no multi-line string and `column` (the text before it
 * on its line) plus its flow form fits MAX_LINE_WIDTH; otherwise block style, and each child
 * decides for itself. `indent` is where the block entries would start.
 */
function applyStyle(node: unknown, column: number, indent: number): void {
  if (!isCollection(node)) return;
  const value: unknown = node.toJSON();
  if (!hasMultilineString(value) && column + flowText(value).length <= MAX_LINE_WIDTH) {
    node.flow = true;
    return;
  }
  node.flow = false;
  if (isMap(node)) {
    for (const pair of node.items) applyStyle(pair.value, indent + keyText(pair.key).length + 2, indent + 2);
  } else if (isSeq(node)) {
    for (const item of node.items) applyStyle(item, indent + 2, indent + 2);
  }
}

function flowText(value: unknown): string {
  const doc = buildDocument(value);
  if (isCollection(doc.contents)) doc.contents.flow = true;
  return doc.toString(TO_STRING).trimEnd();
}

const keyValue = (key: unknown): unknown => (isScalar(key) ? key.value : key);

/** The key as written, e.g. `"2"` for the string 2, to measure the line it starts. */
function keyText(key: unknown): string {
  // Rendered as a key, not as a document: a key with a newline is quoted, never a block scalar.
  const text = new Document(new Map([[keyValue(key), 0]])).toString(TO_STRING).trimEnd();
  return text.endsWith(': 0') ? text.slice(0, -3) : text;
}

function hasMultilineString(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\n');
  if (Array.isArray(value)) return value.some(hasMultilineString);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.includes('\n') || hasMultilineString(v));
  }
  return false;
}
