/**
 * Pub/Sub scenarios (test/differential/pubsub.test.ts), run on Sonic and redis-server over
 * several connections each and compared byte for byte: subscription confirmations and their
 * counts, message and pmessage frames, PUBLISH receiver counts, the RESP2 subscriber-mode
 * restrictions and RESP3 push frames, PUBSUB introspection, shard channels, MULTI, CLIENT REPLY,
 * RESET and disconnects. Where Redis answers in hash-table order (several channels left by one
 * argument-less UNSUBSCRIBE, several patterns matching one message) the scenarios stay with one.
 */
import type { StreamCase } from '../../helpers/stream-scenario.js';

/** Every byte value, as a channel and as a message. */
const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

export const PUBSUB_CASES: StreamCase[] = [
  {
    name: 'SUBSCRIBE, PUBLISH, UNSUBSCRIBE: confirmations, messages and receiver counts',
    conns: 2,
    steps: [
      { on: 0, send: [['SUBSCRIBE', 'a', 'b']] },
      { on: 1, send: [['PUBLISH', 'a', 'hello'], ['PUBLISH', 'b', 'world'], ['PUBLISH', 'c', 'nobody']] },
      { on: 0, send: [] },
      { on: 0, send: [['UNSUBSCRIBE', 'a']] },
      { on: 1, send: [['PUBLISH', 'a', 'x'], ['PUBLISH', 'b', 'y']] },
      { on: 0, send: [['UNSUBSCRIBE']] },
      { on: 1, send: [['PUBLISH', 'b', 'z']] },
      { on: 0, send: [['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE'], ['PING'], ['SET', 'k', 'v']] },
    ],
  },
  {
    name: 'the same channel more than once; channels never subscribed',
    conns: 2,
    steps: [
      { on: 0, send: [['SUBSCRIBE', 'c', 'c', 'c'], ['UNSUBSCRIBE', 'x', 'y', 'c', 'c']] },
      { on: 0, send: [['SUBSCRIBE', 'c', 'd', 'c']] },
      { on: 1, send: [['PUBLISH', 'c', 'once'], ['PUBSUB', 'NUMSUB', 'c', 'd', 'e']] },
      { on: 0, send: [['UNSUBSCRIBE', 'd', 'c', 'c']] },
    ],
  },
  {
    name: 'argument-less (P|S)UNSUBSCRIBE when subscribed to nothing',
    conns: 1,
    steps: [{ on: 0, send: [['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE'], ['PUNSUBSCRIBE', 'a*'], ['SUNSUBSCRIBE', 'x'], ['GET', 'k']] }],
  },
  {
    name: 'PSUBSCRIBE: glob patterns, pmessage frames, PUNSUBSCRIBE',
    conns: 2,
    steps: [
      { on: 0, send: [['PSUBSCRIBE', 'news.*', 'h?llo', 'x[a-c]y', 'lit\\*']] },
      {
        on: 1,
        send: [
          ['PUBLISH', 'news.tech', 'm1'],
          ['PUBLISH', 'news', 'm2'],
          ['PUBLISH', 'hello', 'm3'],
          ['PUBLISH', 'heello', 'm4'],
          ['PUBLISH', 'xby', 'm5'],
          ['PUBLISH', 'xdy', 'm6'],
          ['PUBLISH', 'lit*', 'm7'],
          ['PUBLISH', 'litx', 'm8'],
          ['PUBSUB', 'NUMPAT'],
        ],
      },
      { on: 0, send: [['PUNSUBSCRIBE', 'news.*', 'nope']] },
      { on: 1, send: [['PUBLISH', 'news.tech', 'gone'], ['PUBLISH', 'hallo', 'still']] },
      { on: 0, send: [['PUNSUBSCRIBE']] },
      { on: 1, send: [['PUBLISH', 'hallo', 'gone'], ['PUBSUB', 'NUMPAT']] },
      { on: 0, send: [['PING', 'x']] },
    ],
  },
  {
    name: 'a channel and a pattern both matching: message then pmessage, counted twice',
    conns: 3,
    steps: [
      { on: 0, send: [['SUBSCRIBE', 'foo.bar'], ['PSUBSCRIBE', 'foo.*']] },
      { on: 1, send: [['PSUBSCRIBE', '*']] },
      { on: 2, send: [['PUBLISH', 'foo.bar', 'hi'], ['PUBLISH', 'foo.baz', 'ho'], ['PUBLISH', 'other', 'x']] },
      { on: 0, send: [] },
      { on: 1, send: [] },
    ],
  },
  {
    name: 'several subscribers of one channel and one pattern',
    conns: 4,
    steps: [
      { on: 0, send: [['SUBSCRIBE', 'ch']] },
      { on: 1, send: [['SUBSCRIBE', 'ch']] },
      { on: 2, send: [['PSUBSCRIBE', 'c*']] },
      { on: 3, send: [['PUBLISH', 'ch', 'all'], ['PUBSUB', 'NUMSUB', 'ch'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'CHANNELS']] },
      { on: 0, send: [] },
      { on: 1, send: [['UNSUBSCRIBE', 'ch']] },
      { on: 2, send: [] },
      { on: 3, send: [['PUBLISH', 'ch', 'two'], ['PUBSUB', 'NUMSUB', 'ch']] },
      { on: 0, send: [] },
      { on: 2, send: [] },
    ],
  },
  {
    name: 'binary-safe channels, patterns and messages',
    conns: 2,
    steps: [
      { on: 0, send: [['SUBSCRIBE', ALL_BYTES, ''], ['PSUBSCRIBE', '\x00*\xff']] },
      { on: 1, send: [['PUBLISH', ALL_BYTES, ALL_BYTES], ['PUBLISH', '', ''], ['PUBLISH', '\x00abc\xff', '\r\n'], ['PUBSUB', 'NUMSUB', ALL_BYTES, '']] },
      { on: 0, send: [] },
    ],
  },
  {
    name: 'RESP2 subscriber mode: only (P|S)(UN)SUBSCRIBE, PING, QUIT, RESET run',
    conns: 2,
    proto: 2,
    steps: [
      { on: 0, send: [['SUBSCRIBE', 'a']] },
      {
        on: 0,
        send: [
          ['SET', 'k', 'v'],
          ['GET', 'k'],
          ['PUBLISH', 'a', 'self'],
          ['MULTI'],
          ['CLIENT', 'LIST'],
          ['CONFIG', 'GET', 'maxmemory'],
          ['HELLO'],
          ['SELECT', '1'],
          ['PING'],
          ['PING', 'arg'],
          ['PSUBSCRIBE', 'p*'],
          ['SSUBSCRIBE', 's'],
          ['NOSUCHCOMMAND'],
          ['GET'],
        ],
      },
      { on: 1, send: [['PUBLISH', 'a', 'm'], ['PUBLISH', 'pq', 'n'], ['SPUBLISH', 's', 'o']] },
      { on: 0, send: [['UNSUBSCRIBE', 'a'], ['PUNSUBSCRIBE'], ['GET', 'k'], ['SUNSUBSCRIBE'], ['GET', 'k'], ['PING']] },
    ],
  },
  {
    name: 'RESP2 subscriber: RESET leaves every channel; QUIT closes',
    conns: 2,
    proto: 2,
    steps: [
      { on: 0, send: [['SUBSCRIBE', 'a'], ['PSUBSCRIBE', 'b*'], ['SSUBSCRIBE', 'c'], ['RESET'], ['GET', 'k'], ['PING']] },
      { on: 1, send: [['PUBLISH', 'a', 'x'], ['PUBLISH', 'bb', 'x'], ['SPUBLISH', 'c', 'x'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'SHARDNUMSUB', 'c']] },
      { on: 0, send: [['SUBSCRIBE', 'a'], ['QUIT']], noSync: true },
      { on: 1, send: [['PUBLISH', 'a', 'x'], ['PUBSUB', 'NUMSUB', 'a']] },
    ],
  },
  {
    name: 'RESP3 subscriber: any command runs, pushes interleave with replies',
    conns: 2,
    proto: 3,
    steps: [
      { on: 0, send: [['SUBSCRIBE', 'a'], ['SET', 'k', 'v'], ['PUBLISH', 'a', 'to-self'], ['GET', 'k'], ['PING'], ['PING', 'x']] },
      { on: 1, send: [['PUBLISH', 'a', 'from-other']] },
      { on: 0, send: [['HELLO', '2'], ['PING'], ['SET', 'k', 'w'], ['HELLO', '3'], ['GET', 'k']] },
      { on: 0, send: [['MULTI'], ['PUBLISH', 'a', 'in-multi'], ['SUBSCRIBE', 'b'], ['GET', 'k'], ['EXEC']] },
      { on: 0, send: [['RESET'], ['GET', 'k']] },
      { on: 1, send: [['PUBLISH', 'a', 'after-reset'], ['PUBSUB', 'NUMSUB', 'a', 'b']] },
    ],
  },
  {
    name: 'MULTI: SUBSCRIBE and PSUBSCRIBE run inside EXEC, SSUBSCRIBE is refused',
    conns: 2,
    steps: [
      { on: 0, send: [['MULTI'], ['SUBSCRIBE', 'a', 'b'], ['SSUBSCRIBE', 's'], ['PSUBSCRIBE', 'x*'], ['EXEC']] },
      { on: 1, send: [['PUBLISH', 'a', '1'], ['PUBLISH', 'xy', '2'], ['SPUBLISH', 's', '3']] },
      { on: 0, send: [['UNSUBSCRIBE', 'a', 'b'], ['PUNSUBSCRIBE']] },
      { on: 1, send: [['MULTI'], ['PUBLISH', 'a', 'q'], ['SPUBLISH', 's', 'q'], ['EXEC']] },
    ],
  },
  {
    name: 'CLIENT REPLY OFF: confirmations and messages still arrive',
    conns: 2,
    steps: [
      // (The sync PING would get no reply under OFF: this step reads what arrives in a moment.)
      { on: 0, send: [['CLIENT', 'REPLY', 'OFF'], ['SUBSCRIBE', 'a'], ['PSUBSCRIBE', 'a*']], noSync: true },
      { on: 1, send: [['PUBLISH', 'a', 'm']] },
      { on: 0, send: [['UNSUBSCRIBE', 'a'], ['PUNSUBSCRIBE', 'a*'], ['CLIENT', 'REPLY', 'ON']] },
      { on: 0, send: [['CLIENT', 'REPLY', 'SKIP'], ['SUBSCRIBE', 'b'], ['UNSUBSCRIBE', 'b']] },
    ],
  },
  {
    name: 'PUBSUB introspection and its errors',
    conns: 3,
    steps: [
      { on: 0, send: [['SUBSCRIBE', 'news.a', 'news.b', 'other'], ['PSUBSCRIBE', 'p1', 'p2']] },
      { on: 1, send: [['PSUBSCRIBE', 'p1'], ['SSUBSCRIBE', 'shard.a', 'shard.b']] },
      { on: 2, send: [['PUBSUB', 'CHANNELS'], ['PUBSUB', 'CHANNELS', 'news.*'], ['PUBSUB', 'SHARDCHANNELS'], ['PUBSUB', 'SHARDCHANNELS', '*.b']], unordered: true },
      {
        on: 2,
        send: [
          ['PUBSUB', 'CHANNELS', 'x*'],
          ['PUBSUB', 'NUMSUB'],
          ['PUBSUB', 'NUMSUB', 'news.a', 'nope', 'shard.a'],
          ['PUBSUB', 'SHARDNUMSUB', 'shard.a', 'news.a'],
          ['PUBSUB', 'SHARDNUMSUB'],
          ['PUBSUB', 'NUMPAT'],
          ['PUBSUB', 'HELP'],
          ['pubsub', 'help'],
          ['PUBSUB', 'CHANNELS', 'a', 'b'],
          ['PUBSUB', 'SHARDCHANNELS', 'a', 'b'],
          ['PUBSUB', 'NUMPAT', 'x'],
          ['PUBSUB', 'HELP', 'x'],
          ['PUBSUB', 'NOPE'],
          ['PUBSUB'],
          ['PUBLISH', 'a'],
          ['SPUBLISH', 'a'],
          ['SUBSCRIBE'],
          ['PSUBSCRIBE'],
          ['SSUBSCRIBE'],
        ],
      },
    ],
  },
  {
    name: 'SSUBSCRIBE, SPUBLISH, SUNSUBSCRIBE: shard channels apart from global ones',
    conns: 3,
    steps: [
      { on: 0, send: [['SSUBSCRIBE', 'a'], ['SSUBSCRIBE', 'b', 'a'], ['SUBSCRIBE', 'a']] },
      { on: 1, send: [['PSUBSCRIBE', '*']] },
      { on: 2, send: [['SPUBLISH', 'a', 'sharded'], ['PUBLISH', 'a', 'global'], ['SPUBLISH', 'nope', 'x'], ['PUBSUB', 'SHARDNUMSUB', 'a', 'b']] },
      { on: 0, send: [] },
      { on: 1, send: [] },
      { on: 0, send: [['SUNSUBSCRIBE', 'a', 'zz']] },
      { on: 2, send: [['SPUBLISH', 'a', 'x'], ['SPUBLISH', 'b', 'y']] },
      { on: 0, send: [['SUNSUBSCRIBE'], ['UNSUBSCRIBE']] },
      { on: 2, send: [['PUBSUB', 'SHARDCHANNELS'], ['PUBSUB', 'CHANNELS']] },
    ],
  },
  {
    name: 'a disconnected or killed subscriber leaves its channels',
    conns: 3,
    steps: [
      { on: 0, send: [['CLIENT', 'SETNAME', 'victim'], ['SUBSCRIBE', 'a'], ['PSUBSCRIBE', 'a*'], ['SSUBSCRIBE', 's']] },
      { on: 1, send: [['SUBSCRIBE', 'b']] },
      { on: 2, send: [['PUBSUB', 'NUMSUB', 'a', 'b'], ['CLIENT', 'KILL', 'TYPE', 'pubsub', 'SKIPME', 'yes']] },
      { on: 2, send: [['PUBLISH', 'a', 'x'], ['PUBSUB', 'NUMSUB', 'a', 'b'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'SHARDNUMSUB', 's'], ['CLIENT', 'LIST', 'TYPE', 'pubsub']] },
    ],
  },
  {
    name: 'keyspace events reach pattern and channel subscribers',
    conns: 2,
    steps: [
      { on: 0, send: [['SUBSCRIBE', '__keyspace@0__:k', '__keyevent@0__:del'], ['PSUBSCRIBE', '__keyevent@0__:*']] },
      { on: 1, send: [['CONFIG', 'SET', 'notify-keyspace-events', 'KEg$'], ['SET', 'k', 'v'], ['DEL', 'k'], ['PUBLISH', '__keyspace@0__:k', 'forged']] },
      { on: 0, send: [] },
      { on: 1, send: [['CONFIG', 'GET', 'notify-keyspace-events'], ['CONFIG', 'SET', 'notify-keyspace-events', 'x?'], ['CONFIG', 'SET', 'notify-keyspace-events', '$lshzxeKEtmdn'], ['CONFIG', 'GET', 'notify-keyspace-events'], ['CONFIG', 'SET', 'notify-keyspace-events', 'AKEm'], ['CONFIG', 'GET', 'notify-keyspace-events'], ['CONFIG', 'SET', 'notify-keyspace-events', 'gA'], ['CONFIG', 'GET', 'notify-keyspace-events']] },
    ],
  },
];
