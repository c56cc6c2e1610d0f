/**
 * A fitted decision tree in flat arrays (the layout ONNX's TreeEnsemble attributes use).
 * Node 0 is the root. A split sends a row left when fround(x[feature]) ≤ threshold, or when
 * x is missing and `missingLeft` is 1. Leaves carry `width` float32 values (one score for a
 * boosted tree, one probability per class for a forest classifier).
 */
export interface Tree {
  readonly feature: Int32Array; // -1 marks a leaf
  readonly threshold: Float64Array; // float32 values
  readonly binThreshold: Uint8Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf values, `width` per node (zeros on split nodes), float32 values. */
  readonly values: Float64Array;
  readonly width: number;
}

/** Collects nodes while a tree grows, then freezes them into typed arrays. */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly binThreshold: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly values: number[] = [];

  constructor(private readonly width: number) {}

  /** Adds a node (a leaf until `split` is called) and returns its id. */
  add(): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.binThreshold.push(0);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    for (let k = 0; k < this.width; k++) this.values.push(0);
    return this.feature.length - 1;
  }

  split(node: number, feature: number, bin: number, threshold: number, missingLeft: boolean): { left: number; right: number } {
    const l = this.add();
    const r = this.add();
    this.feature[node] = feature;
    this.binThreshold[node] = bin;
    this.threshold[node] = Math.fround(threshold);
    this.missingLeft[node] = missingLeft ? 1 : 0;
    this.left[node] = l;
    this.right[node] = r;
    return { left: l, right: r };
  }

  setLeaf(node: number, values: ArrayLike<number>): void {
    for (let k = 0; k < this.width; k++) this.values[node * this.width + k] = Math.fround(values[k] ?? 0);
  }

  build(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      binThreshold: Uint8Array.from(this.binThreshold),
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      values: Float64Array.from(this.values),
      width: this.width,
    };
  }
}

/** The leaf a raw row (row-major, offset `base`) lands in. */
export function leafOfRow(tree: Tree, x: Float64Array, base: number): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node] ?? -1;
    if (f < 0) return node;
    const v = x[base + f] ?? NaN;
    const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : Math.fround(v) <= (tree.threshold[node] ?? 0);
    node = (goLeft ? tree.left[node] : tree.right[node]) ?? 0;
  }
}

/** The leaf a binned row lands in; agrees with `leafOfRow` on the binned data's own rows. */
export function leafOfBinnedRow(tree: Tree, bins: Uint8Array, base: number, missingBin: number): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node] ?? -1;
    if (f < 0) return node;
    const b = bins[base + f] ?? 0;
    const goLeft = b === missingBin ? tree.missingLeft[node] === 1 : b <= (tree.binThreshold[node] ?? 0);
    node = (goLeft ? tree.left[node] : tree.right[node]) ?? 0;
  }
}

export function countLeaves(tree: Tree): number {
  let n = 0;
  for (let i = 0; i < tree.feature.length; i++) if ((tree.feature[i] ?? -1) < 0) n++;
  return n;
}

export function treeDepth(tree: Tree, node = 0): number {
  const f = tree.feature[node] ?? -1;
  if (f < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node] ?? 0), treeDepth(tree, tree.right[node] ?? 0));
}
