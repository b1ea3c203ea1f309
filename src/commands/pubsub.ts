/**
 * The Pub/Sub command group: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB
 * introspection, over the engine's registry (engine/pubsub.ts). The RESP2 subscriber-mode
 * restriction is a dispatcher check; PING's subscriber reply lives with PING.
 */
import type { Client } from '../engine/client.js';
import { resetHooks } from '../engine/client.js';
import { ChannelKind } from '../engine/pubsub.js';
import { Errors } from '../engine/errors.js';
import { globMatch } from '../util/glob.js';
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { forcePropagation } from '../engine/propagation/api.js';

// RESET leaves every channel and pattern without a confirmation, as Redis's clearClientConnectionState.
resetHooks.push((c) => c.engine.pubsub.forget(c));

const HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

/**
 * A client that expects exactly one reply per command (inside a script; Redis's
 * CLIENT_DENY_BLOCKING) may not subscribe. EXEC denies blocking too, but SUBSCRIBE and
 * PSUBSCRIBE stay allowed inside MULTI for backward compatibility; SSUBSCRIBE does not.
 */
function deniedSubscribe(c: Client, name: string, allowInMulti: boolean): boolean {
  if (!c.denyBlocking || (allowInMulti && c.multi !== null)) return false;
  c.reply.error(`ERR ${name} isn't allowed for a DENY BLOCKING client`);
  return true;
}

/** PUBSUB CHANNELS / SHARDCHANNELS: the live channels, all or those matching the pattern. */
function channelList(c: Client, argv: string[], channels: Map<string, unknown>): void {
  if (argv.length > 3) return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
  const pattern = argv.length === 3 ? argv[2] : null;
  const out: string[] = [];
  for (const ch of channels.keys()) if (pattern === null || globMatch(pattern, ch)) out.push(ch);
  c.reply.bulkArray(out);
}

/** PUBSUB NUMSUB / SHARDNUMSUB: [channel, subscribers] for each channel asked about. */
function numsub(c: Client, argv: string[], channels: Map<string, Set<Client>>): void {
  const r = c.reply;
  r.arrayLen((argv.length - 2) * 2);
  for (let j = 2; j < argv.length; j++) {
    r.bulk(argv[j]);
    r.int(channels.get(argv[j])?.size ?? 0);
  }
}

export const pubsubCommands = defineCommands({
  subscribe: (c, argv) => {
    if (deniedSubscribe(c, 'SUBSCRIBE', true)) return;
    const ps = c.engine.pubsub;
    for (let j = 1; j < argv.length; j++) ps.subscribe(c, argv[j], ChannelKind.Global);
  },
  unsubscribe: (c, argv) => {
    const ps = c.engine.pubsub;
    if (argv.length === 1) ps.unsubscribeAll(c, ChannelKind.Global, true);
    else for (let j = 1; j < argv.length; j++) ps.unsubscribe(c, argv[j], ChannelKind.Global, true);
  },
  psubscribe: (c, argv) => {
    if (deniedSubscribe(c, 'PSUBSCRIBE', true)) return;
    const ps = c.engine.pubsub;
    for (let j = 1; j < argv.length; j++) ps.psubscribe(c, argv[j]);
  },
  punsubscribe: (c, argv) => {
    const ps = c.engine.pubsub;
    if (argv.length === 1) ps.punsubscribeAll(c, true);
    else for (let j = 1; j < argv.length; j++) ps.punsubscribe(c, argv[j], true);
  },
  ssubscribe: (c, argv) => {
    if (deniedSubscribe(c, 'SSUBSCRIBE', false)) return;
    const ps = c.engine.pubsub;
    for (let j = 1; j < argv.length; j++) ps.subscribe(c, argv[j], ChannelKind.Shard);
  },
  sunsubscribe: (c, argv) => {
    const ps = c.engine.pubsub;
    if (argv.length === 1) ps.unsubscribeAll(c, ChannelKind.Shard, true);
    else for (let j = 1; j < argv.length; j++) ps.unsubscribe(c, argv[j], ChannelKind.Shard, true);
  },
  // Messages reach replicas too (Redis forces PUBLISH into the replication stream, though it
  // changes no data), so subscribers of a replica hear them.
  publish: (c, argv) => {
    c.reply.int(c.engine.pubsub.publish(argv[1], argv[2], ChannelKind.Global));
    forcePropagation(c);
  },
  spublish: (c, argv) => {
    c.reply.int(c.engine.pubsub.publish(argv[1], argv[2], ChannelKind.Shard));
    forcePropagation(c);
  },
  'pubsub|help': (c, argv) => replyHelp(c, argv[0], HELP),
  'pubsub|channels': (c, argv) => channelList(c, argv, c.engine.pubsub.channels),
  'pubsub|shardchannels': (c, argv) => channelList(c, argv, c.engine.pubsub.shardChannels),
  'pubsub|numsub': (c, argv) => numsub(c, argv, c.engine.pubsub.channels),
  'pubsub|shardnumsub': (c, argv) => numsub(c, argv, c.engine.pubsub.shardChannels),
  'pubsub|numpat': (c) => c.reply.int(c.engine.pubsub.patterns.size),
});
