/**
 * The flattened members (properties or methods) of a class, shared with its
 * superclass instead of copied. A subclass keeps every inherited member at
 * its position, overrides some in place and appends its own, so each class's
 * table is its superclass's table plus a few writes. Copying the table per
 * class (as an array and a name index) made a deep hierarchy cost depth ×
 * width; here a table is a persistent hash trie keyed by the lower-cased
 * member name, and a write copies only the path to its leaf (at most 7 nodes
 * of at most 32 entries), so a class costs what it declares, not what it
 * inherits.
 *
 * Each slot remembers the class that wrote it, so readers can tell an
 * inherited member (to be viewed as a subclass inherits it) from one the
 * class declared, overrode or amended.
 *
 * A class makes its writes through one `MemberTableEdit`, which changes the
 * nodes it has already copied in place: each node on the class's paths is
 * copied once per class, not once per write.
 */

export interface Slot<T> {
  /** Position in the flattened order: fixed by the class that first declared the member. */
  readonly index: number;
  readonly member: T;
  /** Key (lower-cased name) of the class that wrote this slot. */
  readonly writer: string;
}

interface Leaf<T> {
  readonly kind: 'leaf';
  readonly hash: number;
  readonly key: string;
  readonly slot: Slot<T>;
}

/** Leaves whose keys have the same 32-bit hash. Changed only by the edit that made it (`MemberTableEdit`). */
interface Bucket<T> {
  readonly kind: 'bucket';
  readonly hash: number;
  leaves: Leaf<T>[];
}

/** Changed only by the edit that made it (`MemberTableEdit`). */
interface Branch<T> {
  readonly kind: 'branch';
  /** Bit i set: `children` has an entry for hash chunk i (chunks of 5 bits, lowest first). */
  bitmap: number;
  children: TrieNode<T>[];
}

/** A node of a table's hash trie. */
export type TrieNode<T> = Leaf<T> | Bucket<T> | Branch<T>;

const BITS = 5;
const MASK = (1 << BITS) - 1;

/** FNV-1a over UTF-16 code units: cheap, and well spread for identifiers. Exported for tests (collisions). */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function lookup<T>(root: TrieNode<T> | undefined, hash: number, key: string): Slot<T> | undefined {
  let node = root;
  let shift = 0;
  while (node) {
    if (node.kind === 'leaf') return node.key === key ? node.slot : undefined;
    if (node.kind === 'bucket') return node.hash === hash ? node.leaves.find((leaf) => leaf.key === key)?.slot : undefined;
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))];
    shift += BITS;
  }
  return undefined;
}

/** A branch holding two nodes of different hashes, split at the first chunk where they differ. */
function join<T>(a: Leaf<T> | Bucket<T>, b: Leaf<T>, shift: number): Branch<T> {
  const ia = (a.hash >>> shift) & MASK;
  const ib = (b.hash >>> shift) & MASK;
  if (ia === ib) return { kind: 'branch', bitmap: 1 << ia, children: [join(a, b, shift + BITS)] };
  return { kind: 'branch', bitmap: (1 << ia) | (1 << ib), children: ia < ib ? [a, b] : [b, a] };
}

/** `node` with `leaf` added, or replacing the leaf of the same key. Recursion depth is at most 7 (32-bit hashes). */
function insert<T>(node: TrieNode<T> | undefined, leaf: Leaf<T>, shift: number): TrieNode<T> {
  if (!node) return leaf;
  if (node.kind === 'leaf') {
    if (node.key === leaf.key) return leaf;
    if (node.hash === leaf.hash) return { kind: 'bucket', hash: leaf.hash, leaves: [node, leaf] };
    return join(node, leaf, shift);
  }
  if (node.kind === 'bucket') {
    if (node.hash !== leaf.hash) return join(node, leaf, shift);
    const at = node.leaves.findIndex((l) => l.key === leaf.key);
    const leaves = [...node.leaves];
    if (at === -1) leaves.push(leaf);
    else leaves[at] = leaf;
    return { kind: 'bucket', hash: node.hash, leaves };
  }
  const bit = 1 << ((leaf.hash >>> shift) & MASK);
  const at = popcount(node.bitmap & (bit - 1));
  const children = [...node.children];
  if ((node.bitmap & bit) === 0) {
    children.splice(at, 0, leaf);
    return { kind: 'branch', bitmap: node.bitmap | bit, children };
  }
  children[at] = insert(node.children[at], leaf, shift + BITS);
  return { kind: 'branch', bitmap: node.bitmap, children };
}

/**
 * Like `insert`, but a node in `owned` (made by this edit) is changed in
 * place, and each node copied here joins `owned`.
 */
function insertOwned<T>(node: TrieNode<T> | undefined, leaf: Leaf<T>, shift: number, owned: Set<TrieNode<T>>): TrieNode<T> {
  if (!node || node.kind === 'leaf') return insert(node, leaf, shift);
  if (node.kind === 'bucket') {
    if (node.hash !== leaf.hash || !owned.has(node)) {
      const copy = insert(node, leaf, shift);
      owned.add(copy);
      return copy;
    }
    const at = node.leaves.findIndex((l) => l.key === leaf.key);
    if (at === -1) node.leaves.push(leaf);
    else node.leaves[at] = leaf;
    return node;
  }
  let branch = node;
  if (!owned.has(branch)) {
    branch = { kind: 'branch', bitmap: node.bitmap, children: [...node.children] };
    owned.add(branch);
  }
  const bit = 1 << ((leaf.hash >>> shift) & MASK);
  const at = popcount(branch.bitmap & (bit - 1));
  if ((branch.bitmap & bit) === 0) {
    branch.children.splice(at, 0, leaf);
    branch.bitmap |= bit;
  } else {
    branch.children[at] = insertOwned(branch.children[at], leaf, shift + BITS, owned);
  }
  return branch;
}

export class MemberTable<T> {
  private constructor(
    private readonly root: TrieNode<T> | undefined,
    /** Number of members. */
    readonly size: number,
  ) {}

  static empty<T>(): MemberTable<T> {
    return new MemberTable<T>(undefined, 0);
  }

  /** The table of a finished edit. */
  static fromTrie<T>(root: TrieNode<T> | undefined, size: number): MemberTable<T> {
    return new MemberTable<T>(root, size);
  }

  /** Starts the writes of class `writer` over this table. */
  edit(writer: string): MemberTableEdit<T> {
    return new MemberTableEdit(this.root, this.size, writer);
  }

  /** The slot of the member named `key` (lower-cased). */
  get(key: string): Slot<T> | undefined {
    return lookup(this.root, hashKey(key), key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * A table with `member` (written by class `writer`) under `key`: in place of
   * the member of that name, keeping its position, else appended.
   */
  with(key: string, member: T, writer: string): MemberTable<T> {
    const edit = this.edit(writer);
    edit.set(key, member);
    return edit.table();
  }

  /** Every slot, in member order. */
  slots(): Slot<T>[] {
    const out = new Array<Slot<T>>(this.size);
    const stack: TrieNode<T>[] = this.root ? [this.root] : [];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.kind === 'leaf') out[node.slot.index] = node.slot;
      else if (node.kind === 'bucket') for (const leaf of node.leaves) out[leaf.slot.index] = leaf.slot;
      else for (const child of node.children) stack.push(child);
    }
    return out;
  }
}

/**
 * One class's writes over its superclass's table: `get` sees the writes made
 * so far; `table()` gives the result. Its nodes are then the table's: the
 * edit forgets that it made them, so a later write copies them again.
 */
export class MemberTableEdit<T> {
  /** The nodes this edit made (none until its first write: most classes write few members or none). */
  private owned: Set<TrieNode<T>> | undefined;

  constructor(
    private root: TrieNode<T> | undefined,
    private size: number,
    private readonly writer: string,
  ) {}

  get(key: string): Slot<T> | undefined {
    return lookup(this.root, hashKey(key), key);
  }

  /** Writes `member` under `key`: in place of the member of that name, keeping its position, else appended. */
  set(key: string, member: T): void {
    const hash = hashKey(key);
    const existing = lookup(this.root, hash, key);
    const index = existing ? existing.index : this.size;
    const leaf: Leaf<T> = { kind: 'leaf', hash, key, slot: { index, member, writer: this.writer } };
    this.root = insertOwned(this.root, leaf, 0, (this.owned ??= new Set()));
    if (!existing) this.size++;
  }

  table(): MemberTable<T> {
    this.owned = undefined;
    return MemberTable.fromTrie(this.root, this.size);
  }
}
