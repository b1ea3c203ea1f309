/**
 * The shape of a Redis radix tree (rax.c) built by insertions only, kept just far enough to know
 * its node count: Redis reports memory from `numnodes` in places (a tracking client's BCAST
 * prefixes count 32 bytes per node in CLIENT LIST tot-mem), and that count depends on how rax
 * splits and compresses nodes, not only on the set of keys.
 *
 * The model follows rax's insertion rules: a node either holds a run of two or more characters
 * with one child (compressed) or one character per child, in byte order; a key ending inside a
 * run splits it in two; a mismatch inside a run turns the mismatching character into a
 * branching node, keeping the run's head and tail as nodes of their own when non-empty; a chain
 * of new characters below a childless node becomes one compressed node.
 */
interface Node {
  compressed: boolean;
  /** The run of a compressed node, or the edge characters of the children, in byte order. */
  chars: string;
  children: Node[];
  key: boolean;
}

function newNode(): Node {
  return { compressed: false, chars: '', children: [], key: false };
}

export class RaxShape {
  private readonly head = newNode();
  /** Nodes of the tree, the empty head included (Redis's rax->numnodes). */
  nodes = 1;

  /** Inserts `s` (a byte string); false when it was already a key. */
  insert(s: string): boolean {
    const len = s.length;
    let h = this.head;
    let i = 0;
    let j = 0;
    // Walk down as far as the key matches (raxLowWalk).
    while (h.chars.length !== 0 && i < len) {
      if (h.compressed) {
        for (j = 0; j < h.chars.length && i < len; j++, i++) if (h.chars.charCodeAt(j) !== s.charCodeAt(i)) break;
        if (j !== h.chars.length) break;
        h = h.children[0];
      } else {
        j = h.chars.indexOf(s[i]);
        if (j < 0) break;
        i++;
        h = h.children[j];
      }
      j = 0;
    }
    if (i === len && (!h.compressed || j === 0)) {
      if (h.key) return false;
      h.key = true;
      return true;
    }
    if (h.compressed && i !== len) {
      // Mismatch inside a run: the mismatching character becomes a branching node.
      const next = h.children[0];
      let postfix = next;
      if (h.chars.length - j - 1 > 0) {
        postfix = { compressed: h.chars.length - j - 1 > 1, chars: h.chars.slice(j + 1), children: [next], key: false };
        this.nodes++;
      }
      if (j === 0) {
        // The branching node takes the run's place (and its key flag).
        h.compressed = false;
        h.chars = h.chars[0];
        h.children = [postfix];
      } else {
        const split: Node = { compressed: false, chars: h.chars[j], children: [postfix], key: false };
        h.compressed = j > 1;
        h.chars = h.chars.slice(0, j);
        h.children = [split];
        this.nodes++;
        h = split;
      }
    } else if (h.compressed) {
      // The key ends inside a run: split it where the key ends.
      const rest = h.chars.slice(j);
      const postfix: Node = { compressed: rest.length > 1, chars: rest, children: [h.children[0]], key: true };
      this.nodes++;
      h.compressed = j > 1;
      h.chars = h.chars.slice(0, j);
      h.children = [postfix];
      return true;
    }
    // Add what is left of the key below h.
    while (i < len) {
      const child = newNode();
      if (h.chars.length === 0 && len - i > 1) {
        h.compressed = true;
        h.chars = s.slice(i);
        h.children = [child];
        i = len;
      } else {
        let at = 0;
        while (at < h.chars.length && h.chars.charCodeAt(at) < s.charCodeAt(i)) at++;
        h.chars = h.chars.slice(0, at) + s[i] + h.chars.slice(at);
        h.children.splice(at, 0, child);
        i++;
      }
      this.nodes++;
      h = child;
    }
    const added = !h.key;
    h.key = true;
    return added;
  }
}
