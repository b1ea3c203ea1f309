/**
 * Splitting a raw RESP2/RESP3 reply stream into whole values without decoding them, so tests can
 * compare replies byte for byte. Strings hold bytes 0..255 (latin1), as everywhere in Sonic.
 */

/**
 * End offset of the RESP value starting at `i` in `b`, or -1 if it is not complete yet.
 * An attribute (`|`) is not a value on its own: it belongs to the value that follows it.
 * Iterative (a count of values still to read), so replies nested thousands deep are fine.
 */
export function frameEnd(b: string, i: number): number {
  let p = i;
  let pending = 1;
  while (pending > 0) {
    if (p >= b.length) return -1;
    const le = b.indexOf('\r\n', p);
    if (le < 0) return -1;
    const t = b[p];
    const n = Number(b.slice(p + 1, le));
    p = le + 2;
    pending--;
    if (t === '$' || t === '=' || t === '!') {
      if (n >= 0) {
        if (b.length < p + n + 2) return -1;
        p += n + 2;
      }
    } else if (t === '*' || t === '~' || t === '>' || t === '%' || t === '|') {
      pending += n < 0 ? 0 : t === '%' || t === '|' ? 2 * n : n;
      // An attribute is followed by the value it describes.
      if (t === '|') pending++;
    }
  }
  return p;
}

/** The RESP multibulk encoding of one command (arguments are latin1 byte strings). */
export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

/**
 * An aggregate reply (`*`, `~`, `>`, `%`) split into its header line and its elements' raw bytes
 * (a map's keys and values are separate elements), or undefined for any other reply.
 */
export function splitAggregate(reply: string): { header: string; items: string[] } | undefined {
  const t = reply[0];
  if (t !== '*' && t !== '~' && t !== '>' && t !== '%') return undefined;
  const le = reply.indexOf('\r\n');
  const n = Number(reply.slice(1, le));
  const items: string[] = [];
  let p = le + 2;
  for (let k = 0; k < (t === '%' ? 2 * n : n); k++) {
    const e = frameEnd(reply, p);
    if (e < 0) throw new Error(`malformed aggregate reply: ${JSON.stringify(reply.slice(0, 200))}`);
    items.push(reply.slice(p, e));
    p = e;
  }
  return { header: reply.slice(0, le + 2), items };
}

/** A parsed RESP value that keeps its type byte, so it can be re-encoded exactly. */
export interface RespNode {
  /** The type byte: '+', '-', ':', '$', '*', '%', '~', '>', '|', '=', '!', ',', '#', '(', '_'. */
  readonly type: string;
  /** The header line's text after the type byte (a length, or the value of a simple type). */
  readonly head: string;
  /** Payload of a bulk-like value. */
  readonly payload?: string;
  /** Elements of an aggregate (a map's keys and values alternate). */
  readonly items?: RespNode[];
}

/** Parses one complete RESP value (as returned by RawConnection.reply). */
export function parseResp(b: string): RespNode {
  const [node, end] = parseAt(b, 0);
  if (end !== b.length) throw new Error(`trailing bytes after a RESP value: ${JSON.stringify(b.slice(end, end + 50))}`);
  return node;
}

function parseAt(b: string, i: number): [RespNode, number] {
  const le = b.indexOf('\r\n', i);
  if (le < 0) throw new Error('incomplete RESP value');
  const type = b[i];
  const head = b.slice(i + 1, le);
  const n = Number(head);
  let p = le + 2;
  if (type === '$' || type === '=' || type === '!') {
    if (n < 0) return [{ type, head }, p];
    return [{ type, head, payload: b.slice(p, p + n) }, p + n + 2];
  }
  if (type === '*' || type === '~' || type === '>' || type === '%' || type === '|') {
    const items: RespNode[] = [];
    const count = n < 0 ? 0 : type === '%' || type === '|' ? 2 * n : n;
    for (let k = 0; k < count; k++) {
      const [item, e] = parseAt(b, p);
      items.push(item);
      p = e;
    }
    if (type === '|') {
      // An attribute belongs to the value that follows it.
      const [next, e] = parseAt(b, p);
      return [{ type, head, items: [...items, next] }, e];
    }
    return [{ type, head, items }, p];
  }
  return [{ type, head }, p];
}

/** Encodes a node back to RESP, recomputing aggregate and bulk lengths. */
export function encodeResp(node: RespNode): string {
  const t = node.type;
  if (node.payload !== undefined) return `${t}${node.payload.length}\r\n${node.payload}\r\n`;
  if (node.items !== undefined && node.head !== '-1') {
    const items = t === '|' ? node.items.slice(0, -1) : node.items;
    const len = t === '%' || t === '|' ? items.length / 2 : items.length;
    return `${t}${len}\r\n${node.items.map(encodeResp).join('')}`;
  }
  return `${t}${node.head}\r\n`;
}

/** A bulk or simple string node's text, or undefined for other types. */
export function respText(node: RespNode): string | undefined {
  if (node.payload !== undefined) return node.payload;
  return node.type === '+' ? node.head : undefined;
}
