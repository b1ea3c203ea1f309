/**
 * The large form of a sorted set: a skiplist with spans (as Redis's zskiplist) ordered by
 * (score, member bytes), plus a Map member -> node for O(1) score lookups. Every operation by
 * score, by member or by rank is O(log N) expected.
 *
 * Members are latin1 strings, so JS `<` on them is memcmp order. Ranks are 1-based inside this
 * file (as in Redis: rank 0 is the header); ZSet converts to 0-based.
 */

/** Most levels a node can have (Redis's ZSKIPLIST_MAXLEVEL). */
const MAX_LEVEL = 32;
/** Chance of each extra level (Redis's ZSKIPLIST_P). */
const P = 0.25;

export class SkipNode {
  /** Forward pointers, one per level. */
  readonly next: (SkipNode | null)[];
  /** Elements skipped by each forward pointer (the node it leads to included). */
  readonly span: number[];
  backward: SkipNode | null = null;

  constructor(
    public score: number,
    public ele: string,
    level: number,
  ) {
    this.next = new Array<SkipNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }
}

function randomLevel(): number {
  let level = 1;
  while (Math.random() < P && level < MAX_LEVEL) level++;
  return level;
}

/** (score, ele) < (s, e)? */
function before(n: SkipNode, s: number, e: string): boolean {
  return n.score < s || (n.score === s && n.ele < e);
}

/** Scratch arrays for insert/delete (single-threaded, never re-entered). */
const update: SkipNode[] = new Array(MAX_LEVEL);
const rankAt: number[] = new Array(MAX_LEVEL).fill(0);

export class Skiplist {
  readonly head = new SkipNode(0, '', MAX_LEVEL);
  tail: SkipNode | null = null;
  level = 1;
  length = 0;
  /** member -> its node. */
  readonly dict = new Map<string, SkipNode>();

  /** Inserts a member known to be absent. */
  insert(score: number, ele: string): SkipNode {
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      rankAt[i] = i === this.level - 1 ? 0 : rankAt[i + 1];
      let nx = x.next[i];
      while (nx !== null && before(nx, score, ele)) {
        rankAt[i] += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = this.head;
        this.head.span[i] = this.length;
      }
      this.level = level;
    }
    const node = new SkipNode(score, ele, level);
    for (let i = 0; i < level; i++) {
      const u = update[i];
      node.next[i] = u.next[i];
      u.next[i] = node;
      node.span[i] = u.span[i] - (rankAt[0] - rankAt[i]);
      u.span[i] = rankAt[0] - rankAt[i] + 1;
    }
    for (let i = level; i < this.level; i++) update[i].span[i]++;
    node.backward = update[0] === this.head ? null : update[0];
    if (node.next[0] !== null) node.next[0].backward = node;
    else this.tail = node;
    this.length++;
    this.dict.set(ele, node);
    return node;
  }

  private unlink(x: SkipNode): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (u.next[i] === x) {
        u.span[i] += x.span[i] - 1;
        u.next[i] = x.next[i];
      } else {
        u.span[i] -= 1;
      }
    }
    if (x.next[0] !== null) x.next[0].backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.head.next[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** Fills `update` with the last node before (score, ele) on every level. */
  private findUpdate(score: number, ele: string): SkipNode {
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && before(nx, score, ele)) {
        x = nx;
        nx = x.next[i];
      }
      update[i] = x;
    }
    return x;
  }

  /** Removes `ele` (with its current score); false when absent. */
  delete(ele: string): boolean {
    const node = this.dict.get(ele);
    if (node === undefined) return false;
    this.findUpdate(node.score, ele);
    this.unlink(node);
    this.dict.delete(ele);
    return true;
  }

  /** Changes the score of a present member, moving its node only when the order changes. */
  updateScore(node: SkipNode, score: number): void {
    const ele = node.ele;
    const prev = node.backward;
    const nx = node.next[0];
    if ((prev === null || prev.score < score || (prev.score === score && prev.ele < ele)) &&
      (nx === null || nx.score > score || (nx.score === score && nx.ele > ele))) {
      node.score = score;
      return;
    }
    this.findUpdate(node.score, ele);
    this.unlink(node);
    this.dict.delete(ele);
    this.insert(score, ele);
  }

  /** 1-based rank of a present (score, ele), 0 when absent. */
  rankOf(score: number, ele: string): number {
    let x = this.head;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && (nx.score < score || (nx.score === score && nx.ele <= ele))) {
        rank += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      if (x !== this.head && x.ele === ele) return rank;
    }
    return 0;
  }

  /** The node at 1-based `rank` (1..length). */
  byRank(rank: number): SkipNode | null {
    let x = this.head;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && traversed + x.span[i] <= rank) {
        traversed += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  /** Number of elements whose score is < `score` (or <= when `orEqual`). */
  countBelow(score: number, orEqual: boolean): number {
    let x = this.head;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && (nx.score < score || (orEqual && nx.score === score))) {
        rank += x.span[i];
        x = nx;
        nx = x.next[i];
      }
    }
    return rank;
  }

  /** Number of elements whose member is < `ele` (or <= when `orEqual`); members ordered. */
  countBelowLex(ele: string, orEqual: boolean): number {
    let x = this.head;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && (nx.ele < ele || (orEqual && nx.ele === ele))) {
        rank += x.span[i];
        x = nx;
        nx = x.next[i];
      }
    }
    return rank;
  }

  /** Removes the elements of 1-based ranks start..end (inclusive); returns how many. */
  deleteRangeByRank(start: number, end: number): number {
    let x = this.head;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && traversed + x.span[i] < start) {
        traversed += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      update[i] = x;
    }
    traversed++;
    let node = x.next[0];
    let removed = 0;
    while (node !== null && traversed <= end) {
      const following = node.next[0];
      this.unlink(node);
      this.dict.delete(node.ele);
      removed++;
      traversed++;
      node = following;
    }
    return removed;
  }

  /** First node (lowest), or null. */
  first(): SkipNode | null {
    return this.head.next[0];
  }
}
