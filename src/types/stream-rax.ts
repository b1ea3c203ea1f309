/**
 * How many nodes Redis's radix tree (rax.c) has for a set of keys: XINFO STREAM's
 * radix-tree-nodes, and the lazy-free effort of a stream. Sonic keeps its nodes in an array, so
 * the count is derived from the keys, assuming rax's shape is the canonical compressed trie: a
 * node for each run of single-child positions (or for each child of a branching position), one
 * for each branching position, one per key end, and the root.
 */

/** Nodes of a rax holding the distinct, sorted, equal-length byte-string `keys`. */
export function raxNodeCount(keys: readonly string[]): number {
  if (keys.length === 0) return 1;
  return chainFrom(keys, 0, keys.length, 0);
}

/** Nodes of the subtree starting a new node at depth `d` for keys[lo, hi). */
function chainFrom(keys: readonly string[], lo: number, hi: number, d: number): number {
  const len = keys[lo].length;
  if (hi - lo === 1) return d < len ? 2 : 1;
  // Keys are sorted, so the common prefix of the range is that of its first and last keys.
  const a = keys[lo];
  const b = keys[hi - 1];
  let l = d;
  while (l < len && a.charCodeAt(l) === b.charCodeAt(l)) l++;
  return (l > d ? 1 : 0) + branchAt(keys, lo, hi, l);
}

/** A branching node at depth `l` plus its children's subtrees. */
function branchAt(keys: readonly string[], lo: number, hi: number, l: number): number {
  let n = 1;
  let i = lo;
  while (i < hi) {
    const c = keys[i].charCodeAt(l);
    let j = i + 1;
    while (j < hi && keys[j].charCodeAt(l) === c) j++;
    n += chainFrom(keys, i, j, l + 1);
    i = j;
  }
  return n;
}
