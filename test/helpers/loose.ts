/**
 * The explicit loose comparisons of the differential tests: replies whose element order Redis
 * leaves unspecified (it walks a hash table) are compared as sorted multisets of raw elements.
 * Everything not listed here is compared byte for byte. Each entry says why it is loose.
 */
import { Engine } from '../../src/engine/engine.js';
import { encodeResp, parseResp, respText, splitAggregate, type RespNode } from './resp-frames.js';
import type { CommandInput } from './raw-connection.js';

/** Full names of the commands and subcommands Sonic implements. */
const IMPLEMENTED = new Set(new Engine().table.all().map((c) => c.fullname));

type Normalizer = (reply: string) => string;

/** Sorts an aggregate's elements (one at a time). */
const sortItems: Normalizer = (reply) => {
  const a = splitAggregate(reply);
  return a === undefined ? reply : a.header + [...a.items].sort().join('');
};

/** Sorts an aggregate's elements two at a time (field/value or member/score pairs). */
const sortPairs: Normalizer = (reply) => {
  const a = splitAggregate(reply);
  if (a === undefined) return reply;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < a.items.length; i += 2) pairs.push(a.items[i] + a.items[i + 1]);
  return a.header + pairs.sort().join('');
};

/** For `[cursor, elements]` replies: the cursor exactly, the elements through `inner`. */
const scanWith = (inner: Normalizer): Normalizer => (reply) => {
  const a = splitAggregate(reply);
  if (a === undefined || a.items.length !== 2) return reply;
  return a.header + a.items[0] + inner(a.items[1]);
};

/** Keeps only the elements of a pair list (key, value, key, value...) for which `keep` holds. */
function filterPairs(items: RespNode[], keep: (key: string) => boolean): RespNode[] {
  const out: RespNode[] = [];
  for (let i = 0; i + 1 < items.length; i += 2) if (keep(respText(items[i]) ?? '')) out.push(items[i], items[i + 1]);
  return out;
}

/** Sorts a pair list by its encoded pairs. */
function sortPairList(items: RespNode[]): RespNode[] {
  const pairs: [RespNode, RespNode][] = [];
  for (let i = 0; i + 1 < items.length; i += 2) pairs.push([items[i], items[i + 1]]);
  pairs.sort((a, b) => (encodeResp(a[0]) < encodeResp(b[0]) ? -1 : 1));
  return pairs.flat();
}

/**
 * COMMAND INFO: a container's subcommand list is compared only for the subcommands Sonic
 * implements (Redis lists all of them, in hash-table order); each is also compared on its own.
 */
const commandInfo: Normalizer = (reply) => {
  if (reply[0] !== '*') return reply;
  const root = parseResp(reply);
  const entries = (root.items ?? []).map((e): RespNode => {
    const items = e.items;
    if (items === undefined || items.length < 10 || items[9].items === undefined) return e;
    const subs = items[9].items.filter((s) => IMPLEMENTED.has(respText(s.items?.[0] ?? { type: '_', head: '' }) ?? ''));
    subs.sort((a, b) => (encodeResp(a) < encodeResp(b) ? -1 : 1));
    return { ...e, items: [...items.slice(0, 9), { ...items[9], items: subs }] };
  });
  return encodeResp({ ...root, items: entries });
};

/**
 * Fields of COMMAND DOCS that Sonic does not carry: Redis's documentation prose (summary,
 * complexity, history, replaced_by), which the house rules forbid copying, and deprecated_since,
 * which the reference facts (../shared/reference/redis-7.0.15-commands.json) dropped with the prose.
 */
const DOCS_PROSE = new Set(['summary', 'complexity', 'history', 'replaced_by', 'deprecated_since']);

function docMap(node: RespNode): RespNode {
  if (node.items === undefined) return node;
  const items = filterPairs(node.items, (k) => !DOCS_PROSE.has(k));
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = respText(items[i]);
    if (key === 'subcommands' && items[i + 1].items !== undefined) {
      const subs = filterPairs(items[i + 1].items!, (k) => IMPLEMENTED.has(k));
      for (let j = 1; j < subs.length; j += 2) subs[j] = docMap(subs[j]);
      items[i + 1] = { ...items[i + 1], items: sortPairList(subs) };
    } else if (key === 'arguments' && items[i + 1].items !== undefined) {
      items[i + 1] = { ...items[i + 1], items: items[i + 1].items!.map(docMap) };
    }
  }
  return { ...node, items };
}

/** COMMAND DOCS: each command's map without the prose fields (see DOCS_PROSE). */
const commandDocs: Normalizer = (reply) => {
  if (reply[0] !== '*' && reply[0] !== '%') return reply;
  const root = parseResp(reply);
  const items = [...(root.items ?? [])];
  for (let i = 1; i < items.length; i += 2) items[i] = docMap(items[i]);
  return encodeResp({ ...root, items });
};

/** A scalar's value replaced by its type byte (":N", ",N", "$N"): the shape stays, the number goes. */
function maskValue(n: RespNode): RespNode {
  if (n.items !== undefined) return { ...n, items: n.items.map(maskValue) };
  if (n.type === '=' || n.type === '$') return { type: '$', head: '1', payload: 'N' };
  return { type: n.type, head: 'N' };
}

/** A map (RESP3) or flat pair list (RESP2): keys exact, values masked to their types. */
const maskMapValues: Normalizer = (reply) => {
  const root = parseResp(reply);
  const items = [...(root.items ?? [])];
  for (let i = 1; i < items.length; i += 2) items[i] = maskValue(items[i]);
  return encodeResp({ ...root, items });
};

/** Any reply reduced to its type byte: for text whose content is the server's own. */
const typeOnly: Normalizer = (reply) => (reply[0] === '=' || reply[0] === '$' ? '$text' : reply[0]);

/** A stream ID bulk whose milliseconds look like a clock reading (>= 10^12): the ms part masked. */
function maskClockId(n: RespNode): RespNode {
  if (n.type !== '$' || n.payload === undefined || !/^\d{13,}-\d+$/.test(n.payload)) return n;
  const masked = 'MS' + n.payload.slice(n.payload.indexOf('-'));
  return { type: '$', head: String(masked.length), payload: masked };
}

/** XADD's reply: an ID generated from each server's own clock ("*") is compared without its ms. */
const xaddReply: Normalizer = (reply) => (reply[0] === '$' ? encodeResp(maskClockId(parseResp(reply))) : reply);

/** Element `i` of every `len`-element array inside `n` (at any depth) masked when it is an integer. */
function maskNth(n: RespNode, len: number, i: number): RespNode {
  if (n.items === undefined) return n;
  const items = n.items.map((x) => maskNth(x, len, i));
  if (n.type === '*' && items.length === len && items[i].type === ':') items[i] = maskValue(items[i]);
  return { ...n, items };
}

/** The values of `keys` in every map or pair list inside `n` (at any depth) masked. */
function maskKeys(n: RespNode, keys: ReadonlySet<string>): RespNode {
  if (n.items === undefined) return n;
  const items = n.items.map((x) => maskKeys(x, keys));
  if (n.type === '%' || (n.type === '*' && items.length % 2 === 0)) {
    for (let k = 0; k + 1 < items.length; k += 2) if (keys.has(respText(items[k]) ?? '')) items[k + 1] = maskValue(items[k + 1]);
  }
  return { ...n, items };
}

/** XPENDING's extended form: each entry's idle time (milliseconds since its delivery) masked. */
const xpendingReply: Normalizer = (reply) => encodeResp(maskNth(parseResp(reply), 4, 2));

/** XINFO STREAM FULL: seen times and delivery times (absolute clock readings) masked. */
const xinfoStreamReply: Normalizer = (reply) => {
  let n = maskKeys(parseResp(reply), new Set(['seen-time']));
  n = maskNth(n, 4, 2);
  return encodeResp(maskNth(n, 3, 1));
};

/**
 * ACL rules as Redis describes them: the categories come in a fixed order, the single commands
 * after them in hash-table order, so within each selector (the parts around parentheses) the
 * single-command rules are sorted.
 */
function sortCommandRules(text: string): string {
  return text.replace(/[^()]+/g, (seg) => {
    const words = seg.split(' ');
    const single = words.filter((w) => /^[+-][^@]/.test(w)).sort();
    let i = 0;
    return words.map((w) => (/^[+-][^@]/.test(w) ? single[i++] : w)).join(' ');
  });
}

/** Every bulk string inside `n` passed through `f`. */
function mapBulks(n: RespNode, f: (s: string) => string): RespNode {
  if (n.items !== undefined) return { ...n, items: n.items.map((x) => mapBulks(x, f)) };
  if (n.type !== '$' || n.payload === undefined) return n;
  const payload = f(n.payload);
  return { ...n, head: String(Buffer.byteLength(payload, 'latin1')), payload };
}

/**
 * ACL LOG: ages and the client-info fields that are each server's own (ids, ports, times) or
 * depend on how a pipeline arrived in reads (buffer sizes).
 */
const aclLogReply: Normalizer = (reply) => {
  const n = maskKeys(parseResp(reply), new Set(['age-seconds']));
  return encodeResp(
    mapBulks(n, (s) => (s.startsWith('id=') ? s.replace(/\b(id|fd|age|idle|qbuf|qbuf-free|argv-mem|multi-mem|rbs|rbp|obl|oll|omem|tot-mem)=\d+/g, '$1=N').replace(/\b(addr|laddr)=\S+/g, '$1=A') : s)),
  );
};

/** Loose rules for subcommands, by full name ("command|docs"). */
export const LOOSE_SUBCOMMANDS: Record<string, { why: string; normalize: Normalizer }> = {
  'acl|cat': { why: 'Redis lists the commands of a category in hash-table order', normalize: sortItems },
  'acl|getuser': { why: 'single-command rules come in hash-table order', normalize: (r) => encodeResp(mapBulks(parseResp(r), sortCommandRules)) },
  'acl|list': { why: 'single-command rules come in hash-table order', normalize: (r) => encodeResp(mapBulks(parseResp(r), sortCommandRules)) },
  'acl|log': { why: "entry ages, client ids, ports, times and buffer sizes are each server's own", normalize: aclLogReply },
  'acl|genpass': { why: 'random passwords: only their length is compared', normalize: (r) => (r[0] === '$' ? r.replace(/\r\n[0-9a-f]*\r\n$/, '\r\nHEX\r\n') : r) },
  'command|info': { why: 'Redis lists every subcommand of a container, in hash-table order; Sonic its implemented ones', normalize: commandInfo },
  'command|docs': { why: 'prose fields are Redis documentation text; subcommands as for COMMAND INFO', normalize: commandDocs },
  'memory|usage': { why: 'bytes of V8 objects vs jemalloc allocations', normalize: (r) => (r[0] === ':' ? ':N\r\n' : r) },
  'xinfo|consumers': { why: "a consumer's idle time is each server's own clock reading", normalize: (r) => encodeResp(maskKeys(parseResp(r), new Set(['idle']))) },
  'xinfo|stream': { why: 'FULL shows seen and delivery times, each server\'s own clock readings', normalize: xinfoStreamReply },
  'memory|stats': { why: 'the figures are each allocator\'s own; field names, order and types must match', normalize: maskMapValues },
  'memory|doctor': { why: 'a report in each server\'s own words about its own allocator', normalize: typeOnly },
  'memory|malloc-stats': { why: "jemalloc's statistics text (Debian's Redis) vs Sonic's 'not supported' line", normalize: typeOnly },
};

/**
 * Command name (lowercase) -> how its reply is made comparable. Cases only SCAN key spaces small
 * enough to be returned in one call (cursor 0 on both), so cursors stay compared exactly.
 */
export const LOOSE: Record<string, { why: string; normalize: Normalizer }> = {
  hello: { why: 'the reply carries the connection id', normalize: (r) => maskHelloId(r) },
  keys: { why: 'Redis returns keys in hash-table order', normalize: sortItems },
  scan: { why: 'hash-table order within one SCAN call', normalize: scanWith(sortItems) },
  sscan: { why: 'hash-table order of a set', normalize: scanWith(sortItems) },
  hscan: { why: 'hash-table order of a hash (pairs)', normalize: scanWith(sortPairs) },
  zscan: { why: 'hash-table order of a sorted set (pairs)', normalize: scanWith(sortPairs) },
  smembers: { why: 'hash-table order of a set', normalize: sortItems },
  sunion: { why: 'hash-table order of a set', normalize: sortItems },
  sinter: { why: 'hash-table order of a set', normalize: sortItems },
  sdiff: { why: 'hash-table order of a set', normalize: sortItems },
  xadd: { why: 'an ID generated for "*" carries each server\'s clock: its ms part is masked when it looks like one', normalize: xaddReply },
  xpending: { why: 'idle times of pending entries are each server\'s own clock readings', normalize: xpendingReply },
};

/** A HELLO reply with its connection id (`id` field, RESP2 or RESP3) replaced by N. */
export function maskHelloId(reply: string): string {
  return reply.replace(/\$2\r\nid\r\n:\d+\r\n/, '$2\r\nid\r\n:N\r\n');
}

/** The reply as it is compared: unchanged unless `cmd` is listed in {@link LOOSE}. */
export function comparable(cmd: CommandInput, reply: string): string {
  if (typeof cmd === 'string' || cmd.length === 0) return reply;
  const rule = (cmd.length > 1 ? LOOSE_SUBCOMMANDS[`${cmd[0]}|${cmd[1]}`.toLowerCase()] : undefined) ?? LOOSE[cmd[0].toLowerCase()];
  return rule === undefined || reply[0] === '-' ? reply : rule.normalize(reply);
}
