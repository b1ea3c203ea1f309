/**
 * Cases of the transaction differential test (test/differential/transaction.test.ts), as data:
 * MULTI/EXEC/DISCARD with every queueing rule of Redis 7.0.15's processCommand (errors before
 * queueing abort the transaction, EXEC's own rejection discards it, no-multi commands, OOM),
 * errors and blocking commands inside EXEC, and WATCH/UNWATCH against every kind of write
 * (in-place collection changes included), expiry, FLUSHDB/FLUSHALL/SWAPDB and database
 * selection. Single-connection cases rely on a client's own writes breaking its own WATCH, as
 * in Redis; the multi-connection scenarios have another client break it, serve blocked
 * clients after EXEC, and pause or run out of memory while a transaction waits.
 */
import type { DiffCase } from '../../helpers/differential.js';
import type { MultiCase } from '../../helpers/multi-connection.js';
import type { CommandInput } from '../../helpers/raw-connection.js';

/** Each case ends outside MULTI with nothing watched, whatever it did. */
function tx(name: string, cmds: CommandInput[]): DiffCase {
  return { name, cmds: [...cmds, ['DISCARD'], ['UNWATCH']] };
}

/** WATCH key, run `write` (after `setup`), then a transaction that reads the key. */
function watchBroken(setup: CommandInput[], key: string, write: CommandInput[]): CommandInput[] {
  return [...setup, ['WATCH', key], ...write, ['MULTI'], ['PING'], ['EXEC'], ['MULTI'], ['PING'], ['EXEC']];
}

/**
 * Writes that modify `k` in place or otherwise, each after its own setup: the transaction after
 * them must fail (null array), and EXEC after it must succeed again (no longer watched).
 */
const MODIFYING: [string, CommandInput[], CommandInput[]][] = [
  ['SET', [['SET', 'k', 'a']], [['SET', 'k', 'b']]],
  ['SET of the same value', [['SET', 'k', 'a']], [['SET', 'k', 'a']]],
  ['SET creating the key', [], [['SET', 'k', 'a']]],
  ['MSET', [], [['MSET', 'x', '1', 'k', '2']]],
  ['APPEND', [['SET', 'k', 'a']], [['APPEND', 'k', 'b']]],
  ['APPEND twice (mutable string)', [['SET', 'k', 'a'], ['APPEND', 'k', 'b']], [['APPEND', 'k', 'c']]],
  ['SETRANGE', [['SET', 'k', 'abc'], ['APPEND', 'k', 'd']], [['SETRANGE', 'k', '1', 'x']]],
  ['INCR', [['SET', 'k', '1']], [['INCR', 'k']]],
  ['INCRBYFLOAT', [['SET', 'k', '1']], [['INCRBYFLOAT', 'k', '1.5']]],
  ['SETBIT', [['SETBIT', 'k', '1', '1']], [['SETBIT', 'k', '2', '1']]],
  ['BITFIELD', [['SET', 'k', 'a']], [['BITFIELD', 'k', 'SET', 'u8', '0', '98']]],
  ['BITOP destination', [['SET', 'k', 'a'], ['SET', 's', 'b']], [['BITOP', 'OR', 'k', 's']]],
  ['PFADD', [['PFADD', 'k', 'a']], [['PFADD', 'k', 'b']]],
  ['PFMERGE', [['PFADD', 'k', 'a'], ['PFADD', 'h', 'b']], [['PFMERGE', 'k', 'h']]],
  ['GETDEL', [['SET', 'k', 'a']], [['GETDEL', 'k']]],
  ['GETEX PERSIST', [['SET', 'k', 'a', 'EX', '100']], [['GETEX', 'k', 'PERSIST']]],
  ['GETEX EX', [['SET', 'k', 'a']], [['GETEX', 'k', 'EX', '100']]],
  ['HSET on an existing hash', [['HSET', 'k', 'f', '1']], [['HSET', 'k', 'g', '2']]],
  ['HSET overwriting a field', [['HSET', 'k', 'f', '1']], [['HSET', 'k', 'f', '2']]],
  ['HSETNX', [['HSET', 'k', 'f', '1']], [['HSETNX', 'k', 'g', '2']]],
  ['HINCRBY', [['HSET', 'k', 'f', '1']], [['HINCRBY', 'k', 'f', '2']]],
  ['HINCRBYFLOAT', [['HSET', 'k', 'f', '1']], [['HINCRBYFLOAT', 'k', 'f', '2.5']]],
  ['HDEL', [['HSET', 'k', 'f', '1', 'g', '2']], [['HDEL', 'k', 'f']]],
  ['LPUSH', [['RPUSH', 'k', 'a']], [['LPUSH', 'k', 'b']]],
  ['RPUSHX', [['RPUSH', 'k', 'a']], [['RPUSHX', 'k', 'b']]],
  ['LPOP', [['RPUSH', 'k', 'a', 'b']], [['LPOP', 'k']]],
  ['RPOP count', [['RPUSH', 'k', 'a', 'b', 'c']], [['RPOP', 'k', '2']]],
  ['LSET', [['RPUSH', 'k', 'a']], [['LSET', 'k', '0', 'b']]],
  ['LINSERT', [['RPUSH', 'k', 'a']], [['LINSERT', 'k', 'BEFORE', 'a', 'b']]],
  ['LREM', [['RPUSH', 'k', 'a', 'b']], [['LREM', 'k', '0', 'a']]],
  ['LTRIM removing nothing', [['RPUSH', 'k', 'a', 'b']], [['LTRIM', 'k', '0', '-1']]],
  ['LMOVE source', [['RPUSH', 'k', 'a', 'b']], [['LMOVE', 'k', 'd', 'LEFT', 'LEFT']]],
  ['LMOVE destination', [['RPUSH', 'k', 'a'], ['RPUSH', 's', 'b']], [['LMOVE', 's', 'k', 'LEFT', 'LEFT']]],
  ['LMPOP', [['RPUSH', 'k', 'a', 'b']], [['LMPOP', '1', 'k', 'LEFT']]],
  ['SADD', [['SADD', 'k', 'a']], [['SADD', 'k', 'b']]],
  ['SREM', [['SADD', 'k', 'a', 'b']], [['SREM', 'k', 'a']]],
  // (SPOP leaving members behind picks at random: test/unit/watch.test.ts covers it.)
  ['SPOP of the last member', [['SADD', 'k', 'a']], [['SPOP', 'k']]],
  ['SPOP count of every member', [['SADD', 'k', 'a']], [['SPOP', 'k', '5']]],
  ['SMOVE source', [['SADD', 'k', 'a', 'b']], [['SMOVE', 'k', 'd', 'a']]],
  ['SMOVE destination', [['SADD', 'k', 'a'], ['SADD', 's', 'b']], [['SMOVE', 's', 'k', 'b']]],
  ['SINTERSTORE destination', [['SADD', 'k', 'a'], ['SADD', 's', 'b']], [['SINTERSTORE', 'k', 's']]],
  ['SINTERSTORE empty result deleting the destination', [['SADD', 'k', 'a']], [['SINTERSTORE', 'k', 'nosuch']]],
  ['ZADD', [['ZADD', 'k', '1', 'a']], [['ZADD', 'k', '2', 'b']]],
  ['ZADD changing a score', [['ZADD', 'k', '1', 'a']], [['ZADD', 'k', '2', 'a']]],
  ['ZINCRBY', [['ZADD', 'k', '1', 'a']], [['ZINCRBY', 'k', '2', 'a']]],
  ['ZREM', [['ZADD', 'k', '1', 'a', '2', 'b']], [['ZREM', 'k', 'a']]],
  ['ZPOPMIN', [['ZADD', 'k', '1', 'a', '2', 'b']], [['ZPOPMIN', 'k']]],
  ['ZREMRANGEBYSCORE', [['ZADD', 'k', '1', 'a', '2', 'b']], [['ZREMRANGEBYSCORE', 'k', '1', '1']]],
  ['ZMPOP', [['ZADD', 'k', '1', 'a', '2', 'b']], [['ZMPOP', '1', 'k', 'MAX']]],
  ['ZUNIONSTORE destination', [['ZADD', 'k', '1', 'a'], ['ZADD', 's', '1', 'b']], [['ZUNIONSTORE', 'k', '1', 's']]],
  ['ZRANGESTORE destination', [['ZADD', 's', '1', 'b']], [['ZRANGESTORE', 'k', 's', '0', '-1']]],
  ['GEOADD', [['GEOADD', 'k', '13.361389', '38.115556', 'a']], [['GEOADD', 'k', '15.087269', '37.502669', 'b']]],
  ['GEOSEARCHSTORE', [['GEOADD', 's', '13.361389', '38.115556', 'a']], [['GEOSEARCHSTORE', 'k', 's', 'FROMLONLAT', '13', '38', 'BYRADIUS', '500', 'km']]],
  ['SORT STORE with an empty result', [['LPUSH', 'k', 'bar']], [['SORT', 'emptylist', 'STORE', 'k']]],
  ['SORT STORE', [], [['RPUSH', 's', '2', '1'], ['SORT', 's', 'STORE', 'k']]],
  ['DEL', [['SET', 'k', 'a']], [['DEL', 'x', 'k']]],
  ['UNLINK', [['SET', 'k', 'a']], [['UNLINK', 'k']]],
  ['EXPIRE', [['SET', 'k', 'a']], [['EXPIRE', 'k', '100']]],
  ['EXPIRE in the past', [['SET', 'k', 'a']], [['EXPIRE', 'k', '-1']]],
  ['PEXPIREAT', [['SET', 'k', 'a']], [['PEXPIREAT', 'k', '99999999999999']]],
  ['PERSIST', [['SET', 'k', 'a', 'EX', '100']], [['PERSIST', 'k']]],
  ['RENAME source', [['SET', 'k', 'a']], [['RENAME', 'k', 'n']]],
  ['RENAME destination', [['SET', 'k', 'a'], ['SET', 's', 'b']], [['RENAME', 's', 'k']]],
  ['RENAMENX destination', [['SET', 's', 'b']], [['RENAMENX', 's', 'k']]],
  ['MOVE', [['SET', 'k', 'a']], [['MOVE', 'k', '1']]],
  ['COPY destination', [['SET', 's', 'b']], [['COPY', 's', 'k']]],
  ['COPY REPLACE destination', [['SET', 's', 'b'], ['SET', 'k', 'a']], [['COPY', 's', 'k', 'REPLACE']]],
  ['FLUSHDB', [['SET', 'k', 'a']], [['FLUSHDB']]],
  ['FLUSHALL', [['SET', 'k', 'a']], [['FLUSHALL']]],
  ['FLUSHALL ASYNC', [['SET', 'k', 'a']], [['FLUSHALL', 'ASYNC']]],
  ['SWAPDB with the key in this db', [['SET', 'k', 'a']], [['SWAPDB', '0', '1']]],
  ['SWAPDB with the key in the other db', [['SELECT', '1'], ['SET', 'k', 'a'], ['SELECT', '0']], [['SWAPDB', '0', '1']]],
  ['RESTORE REPLACE', [['SET', 'k', 'a']], [['RESTORE', 'k', '0', '\x00\x01b\x0a\x00\x16$\xb8\x91\xa6\xe3\x12\x83', 'REPLACE']]],
];

/** Commands that leave `k` unchanged: EXEC after them succeeds. */
const NOT_MODIFYING: [string, CommandInput[], CommandInput[]][] = [
  ['reads', [['SET', 'k', '1'], ['RPUSH', 'l', 'a']], [['GET', 'k'], ['EXISTS', 'k'], ['TYPE', 'k'], ['TTL', 'k'], ['STRLEN', 'k'], ['OBJECT', 'ENCODING', 'k']]],
  ['DEL of another key, and of a missing one', [['SET', 'k', '1']], [['DEL', 'other'], ['SET', 'x', '1'], ['DEL', 'x']]],
  ['SADD of an existing member', [['SADD', 'k', 'a']], [['SADD', 'k', 'a']]],
  ['SREM of a missing member', [['SADD', 'k', 'a']], [['SREM', 'k', 'b']]],
  ['HDEL of a missing field', [['HSET', 'k', 'f', '1']], [['HDEL', 'k', 'g']]],
  ['ZADD NX of an existing member', [['ZADD', 'k', '1', 'a']], [['ZADD', 'k', 'NX', '5', 'a']]],
  ['ZREM of a missing member', [['ZADD', 'k', '1', 'a']], [['ZREM', 'k', 'b']]],
  ['LREM of nothing', [['RPUSH', 'k', 'a']], [['LREM', 'k', '0', 'b']]],
  ['SETRANGE with an empty value', [['SET', 'k', 'a']], [['SETRANGE', 'k', '0', '']]],
  ['SETBIT to the same value', [['SETBIT', 'k', '1', '1']], [['SETBIT', 'k', '1', '1']]],
  ['PFADD of a present element', [['PFADD', 'k', 'a']], [['PFADD', 'k', 'a']]],
  ['PERSIST of a key without TTL', [['SET', 'k', 'a']], [['PERSIST', 'k']]],
  ['SET NX on an existing key', [['SET', 'k', 'a']], [['SET', 'k', 'b', 'NX']]],
  ['failed writes (wrong type)', [['SET', 'k', 'a']], [['LPUSH', 'k', 'x'], ['HSET', 'k', 'f', 'v'], ['INCR', 'k']]],
  ['writes in another database', [['SET', 'k', 'a']], [['SELECT', '1'], ['SET', 'k', 'b'], ['DEL', 'k'], ['SELECT', '0']]],
  ['FLUSHDB of another database', [['SET', 'k', 'a']], [['SELECT', '1'], ['FLUSHDB'], ['SELECT', '0']]],
  ['FLUSHALL when the key does not exist', [['SET', 'x', 'a']], [['FLUSHALL']]],
  ['SWAPDB when the key exists in neither', [['SET', 'x', 'a']], [['SWAPDB', '0', '1']]],
  ['RENAME of a key to itself', [['SET', 'k', 'a']], [['RENAME', 'k', 'k']]],
];

export const TRANSACTION_CASES: DiffCase[] = [
  tx('MULTI/EXEC basics: queued replies, results in order', [
    ['MULTI'], ['SET', 'a', '1'], ['INCR', 'a'], ['GET', 'a'], ['RPUSH', 'l', 'x', 'y'], ['LRANGE', 'l', '0', '-1'], ['HSET', 'h', 'f', 'v'], ['HGETALL', 'h'],
    ['ZADD', 'z', '1.5', 'm'], ['ZSCORE', 'z', 'm'], ['SMEMBERS', 'nosuch'], ['EXEC'], ['GET', 'a'], ['EXEC'],
  ]),
  tx('empty transaction', [['MULTI'], ['EXEC'], ['MULTI'], ['DISCARD']]),
  tx('DISCARD drops the queue; DISCARD and EXEC without MULTI', [
    ['SET', 'a', 'old'], ['MULTI'], ['SET', 'a', 'new'], ['DISCARD'], ['GET', 'a'], ['DISCARD'], ['EXEC'], ['exec'],
  ]),
  tx('nested MULTI is an error but does not abort', [['MULTI'], ['MULTI'], ['SET', 'a', '1'], ['EXEC'], ['GET', 'a']]),
  tx('WATCH inside MULTI is an error but does not abort', [['MULTI'], ['WATCH', 'a'], ['SET', 'a', '1'], ['EXEC'], ['GET', 'a']]),
  tx('unknown command while queueing aborts EXEC', [['MULTI'], ['SET', 'a', '1'], ['NOSUCHCOMMAND', 'x'], ['SET', 'b', '2'], ['EXEC'], ['MGET', 'a', 'b']]),
  tx('unknown subcommand while queueing aborts EXEC', [['MULTI'], ['CONFIG', 'NOSUCH'], ['EXEC']]),
  tx('wrong arity while queueing aborts EXEC', [['MULTI'], ['SET', 'a'], ['SET', 'b', '2'], ['EXEC'], ['EXISTS', 'a', 'b']]),
  tx('the MULTI state is cleared after an aborted EXEC', [['MULTI'], ['SET', 'a'], ['EXEC'], ['SET', 'a', '1'], ['GET', 'a'], ['EXEC']]),
  tx('wrong arity of MULTI, DISCARD, WATCH, UNWATCH inside MULTI aborts', [['MULTI'], ['MULTI', 'x'], ['EXEC'], ['MULTI'], ['DISCARD', 'x'], ['EXEC'], ['MULTI'], ['WATCH'], ['EXEC'], ['MULTI'], ['UNWATCH', 'x'], ['EXEC']]),
  tx('EXEC with arguments discards the transaction (EXECABORT with the reason)', [
    ['EXEC', 'x'], ['MULTI'], ['SET', 'a', '1'], ['EXEC', 'x'], ['GET', 'a'], ['EXEC'], ['MULTI'], ['EXEC', 'x', 'y'], ['EXEC'],
  ]),
  tx('MULTI and DISCARD arity outside MULTI', [['MULTI', 'x'], ['DISCARD', 'x'], ['WATCH'], ['UNWATCH', 'x'], ['EXEC']]),
  tx('commands not allowed inside a transaction (SAVE, SHUTDOWN) abort it', [['MULTI'], ['SAVE'], ['SHUTDOWN', 'NOSAVE'], ['PING'], ['EXEC'], ['PING']]),
  tx('errors while running stay inside the EXEC reply', [
    ['SET', 's', 'x'], ['MULTI'], ['LPUSH', 's', 'y'], ['INCR', 's'], ['SET', 't', '1'], ['INCRBYFLOAT', 't', 'abc'], ['HSET', 'h', 'f'], ['GET', 't'],
    ['OBJECT', 'NOSUCH'], ['EXEC'], ['GET', 't'], ['TYPE', 's'],
  ]),
  tx('commands that take argc/argv apart run as queued (GEOADD, SPOP, EXPIRE, INCRBYFLOAT)', [
    ['MULTI'], ['SADD', 'xx', 'a'], ['SPOP', 'xx'], ['SET', 'n', '1.5'], ['INCRBYFLOAT', 'n', '1'], ['SET', 'k', 'v'], ['EXPIRE', 'k', '100'], ['TTL', 'k'],
    ['GEOADD', 'g', '13.361389', '38.115556', 'a'], ['GEOPOS', 'g', 'a'], ['EXEC'], ['EXISTS', 'xx'],
  ]),
  tx('blocking commands inside EXEC do not block (replies as on timeout)', [
    ['MULTI'], ['BLPOP', 'empty', '0'], ['BRPOP', 'empty', '0'], ['BRPOPLPUSH', 'e1', 'e2', '0'], ['BLMOVE', 'e1', 'e2', 'LEFT', 'LEFT', '0'], ['BLMPOP', '0', '1', 'e1', 'LEFT'],
    ['BZPOPMIN', 'ez', '0'], ['BZPOPMAX', 'ez', '0'], ['BZMPOP', '0', '1', 'ez', 'MIN'], ['EXEC'],
  ]),
  tx('blocking commands inside EXEC serve from data queued before them', [
    ['MULTI'], ['RPUSH', 'l', 'a', 'b'], ['BLPOP', 'l', '0'], ['ZADD', 'z', '1', 'm'], ['BZPOPMIN', 'z', '0'], ['BLMOVE', 'l', 'd', 'RIGHT', 'LEFT', '0'], ['LRANGE', 'd', '0', '-1'], ['EXEC'],
  ]),
  tx('SELECT inside EXEC changes the database for what follows', [['MULTI'], ['SELECT', '1'], ['SET', 'a', 'one'], ['SELECT', '0'], ['SET', 'a', 'zero'], ['SELECT', '1'], ['EXEC'], ['GET', 'a'], ['SELECT', '0'], ['GET', 'a']]),
  tx('connection commands are queued and run inside EXEC (PING, ECHO, CLIENT SETNAME)', [['MULTI'], ['PING', 'x'], ['ECHO', 'e'], ['CLIENT', 'SETNAME', 'n'], ['CLIENT', 'GETNAME'], ['EXEC']]),
  tx('a dirty WATCH makes EXEC reply a null array; the MULTI state is then cleared', [
    ['SET', 'x', '30'], ['WATCH', 'x'], ['SET', 'x', '40'], ['MULTI'], ['INCR', 'x'], ['EXEC'], ['GET', 'x'], ['EXEC'],
  ]),
  tx('WATCH of several keys, one modified', [['WATCH', 'a', 'b', 'x', 'c', 'd'], ['SET', 'x', '1'], ['MULTI'], ['PING'], ['EXEC']]),
  tx('WATCH of an unmodified key lets EXEC run', [['SET', 'x', '30'], ['WATCH', 'x', 'y'], ['GET', 'x'], ['MULTI'], ['INCR', 'x'], ['EXEC'], ['GET', 'x']]),
  tx('the same key WATCHed twice', [['WATCH', 'x', 'x'], ['WATCH', 'x'], ['SET', 'x', '1'], ['MULTI'], ['PING'], ['EXEC']]),
  tx('after a successful EXEC keys are no longer watched', [['SET', 'x', '30'], ['WATCH', 'x'], ['MULTI'], ['PING'], ['EXEC'], ['SET', 'x', '40'], ['MULTI'], ['PING'], ['EXEC']]),
  tx('after a failed EXEC keys are no longer watched', [['SET', 'x', '30'], ['WATCH', 'x'], ['SET', 'x', '40'], ['MULTI'], ['PING'], ['EXEC'], ['SET', 'x', '40'], ['MULTI'], ['PING'], ['EXEC']]),
  tx('after an aborted EXEC keys are no longer watched', [['WATCH', 'x'], ['MULTI'], ['NOSUCH'], ['EXEC'], ['SET', 'x', '40'], ['MULTI'], ['PING'], ['EXEC']]),
  tx('UNWATCH forgets the keys and the dirty flag', [['SET', 'x', '30'], ['WATCH', 'x'], ['SET', 'x', '40'], ['UNWATCH'], ['MULTI'], ['PING'], ['EXEC'], ['UNWATCH']]),
  tx('UNWATCH inside MULTI is queued', [['WATCH', 'x'], ['SET', 'x', '1'], ['MULTI'], ['UNWATCH'], ['PING'], ['EXEC']]),
  tx('DISCARD clears the dirty flag and unwatches', [
    ['WATCH', 'x'], ['SET', 'x', '10'], ['MULTI'], ['DISCARD'], ['MULTI'], ['INCR', 'x'], ['EXEC'], ['WATCH', 'x'], ['MULTI'], ['DISCARD'], ['SET', 'x', '10'], ['MULTI'], ['INCR', 'x'], ['EXEC'],
  ]),
  tx('WATCH after the key was already modified is clean; WATCH once dirty stays dirty', [
    ['SET', 'x', '1'], ['WATCH', 'x'], ['SET', 'x', '2'], ['WATCH', 'y'], ['MULTI'], ['PING'], ['EXEC'],
  ]),
  tx('WATCH remembers the database of the key', [
    ['SELECT', '5'], ['SET', 'x', '30'], ['WATCH', 'x'], ['SELECT', '1'], ['SET', 'x', '10'], ['SELECT', '5'], ['MULTI'], ['PING'], ['EXEC'],
    ['WATCH', 'x'], ['SELECT', '1'], ['MULTI'], ['SELECT', '5'], ['SET', 'x', '1'], ['EXEC'], ['SELECT', '5'], ['GET', 'x'], ['FLUSHDB'], ['SELECT', '0'],
  ]),
  tx('a write inside the transaction does not break its own WATCH', [['SET', 'x', '1'], ['WATCH', 'x'], ['MULTI'], ['SET', 'x', '2'], ['INCR', 'x'], ['EXEC'], ['GET', 'x']]),
  tx('a watched key that expires before EXEC fails it (lazy expiry)', [
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['SET', 'key', '1', 'PX', '30'], ['WATCH', 'key'], ['DEBUG', 'SLEEP', '0.06'], ['MULTI'], ['INCR', 'key'], ['EXEC'], ['GET', 'key'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ]),
  tx('a watched key deleted by its expiry fails EXEC', [
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['SET', 'key', '1', 'PX', '30'], ['WATCH', 'key'], ['DEBUG', 'SLEEP', '0.06'], ['EXISTS', 'key'], ['MULTI'], ['PING'], ['EXEC'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ]),
  tx('WATCH of a stale key does not fail EXEC', [
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['SET', 'x', 'foo', 'PX', '1'], ['DEBUG', 'SLEEP', '0.02'], ['WATCH', 'x'], ['MULTI'], ['PING'], ['EXEC'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ]),
  tx('deleting a WATCHed stale key (lazy expiry) does not fail EXEC', [
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['SET', 'x', 'foo', 'PX', '1'], ['DEBUG', 'SLEEP', '0.02'], ['WATCH', 'x'], ['EXISTS', 'x'], ['MULTI'], ['PING'], ['EXEC'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ]),
  tx('overwriting a WATCHed stale key fails EXEC', [
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['SET', 'x', 'foo', 'PX', '1'], ['DEBUG', 'SLEEP', '0.02'], ['WATCH', 'x'], ['SET', 'x', 'bar'], ['MULTI'], ['PING'], ['EXEC'],
    ['SET', 'y', 'foo', 'PX', '1'], ['DEBUG', 'SLEEP', '0.02'], ['WATCH', 'y'], ['RPUSH', 'y', 'a'], ['MULTI'], ['PING'], ['EXEC'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ]),
  tx('FLUSHDB while watching a stale key does not fail EXEC', [
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['SET', 'x', 'foo', 'PX', '1'], ['DEBUG', 'SLEEP', '0.02'], ['WATCH', 'x'], ['FLUSHDB'], ['MULTI'], ['PING'], ['EXEC'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ]),
  tx('SWAPDB and stale keys: expired replaced by nothing, nothing by expired, expired by expired', [
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
    ['SELECT', '1'], ['SET', 'x', 'foo', 'PX', '1'], ['DEBUG', 'SLEEP', '0.02'], ['WATCH', 'x'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC'], ['FLUSHALL'],
    ['SELECT', '0'], ['SET', 'x', 'foo', 'PX', '1'], ['DEBUG', 'SLEEP', '0.02'], ['SELECT', '1'], ['WATCH', 'x'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC'], ['FLUSHALL'],
    ['SELECT', '1'], ['SET', 'x', 'foo', 'PX', '1'], ['SELECT', '0'], ['SET', 'x', 'bar', 'PX', '1'], ['DEBUG', 'SLEEP', '0.02'], ['SELECT', '1'], ['WATCH', 'x'], ['SWAPDB', '0', '1'],
    ['MULTI'], ['PING'], ['EXEC'], ['SELECT', '0'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ]),
  tx('SWAPDB: a stale key replaced by a live one fails EXEC', [
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['SELECT', '1'], ['SET', 'x', 'foo', 'PX', '1'], ['SELECT', '0'], ['SET', 'x', 'live'], ['DEBUG', 'SLEEP', '0.02'], ['SELECT', '1'], ['WATCH', 'x'],
    ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC'], ['SELECT', '0'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ]),
  ...MODIFYING.map(([name, setup, write]) => tx(`WATCH broken by ${name}`, watchBroken(setup, 'k', write))),
  ...NOT_MODIFYING.map(([name, setup, write]) => tx(`WATCH kept across ${name}`, watchBroken(setup, 'k', write))),
];

/** Scenarios over several connections (transaction.test.ts runs them on both servers). */
export const TRANSACTION_MULTI_CASES: MultiCase[] = [
  {
    name: 'another client modifying a WATCHed key fails EXEC',
    conns: 2,
    steps: [
      { on: 0, send: [['SET', 'k', 'mine'], ['WATCH', 'k']] },
      { on: 1, send: [['SET', 'k', 'theirs']] },
      { on: 0, send: [['MULTI'], ['SET', 'k', 'mine2'], ['EXEC'], ['GET', 'k']] },
    ],
  },
  {
    name: 'another client modifying a hash, a list, a set, a sorted set in place fails EXEC',
    conns: 2,
    steps: [
      { on: 0, send: [['HSET', 'h', 'f', '1'], ['RPUSH', 'l', 'a'], ['SADD', 's', 'a'], ['ZADD', 'z', '1', 'a']] },
      { on: 0, send: [['WATCH', 'h']] },
      { on: 1, send: [['HINCRBY', 'h', 'f', '1']] },
      { on: 0, send: [['MULTI'], ['PING'], ['EXEC'], ['WATCH', 'l']] },
      { on: 1, send: [['LPUSH', 'l', 'b']] },
      { on: 0, send: [['MULTI'], ['PING'], ['EXEC'], ['WATCH', 's']] },
      { on: 1, send: [['SADD', 's', 'b']] },
      { on: 0, send: [['MULTI'], ['PING'], ['EXEC'], ['WATCH', 'z']] },
      { on: 1, send: [['ZINCRBY', 'z', '1', 'a']] },
      { on: 0, send: [['MULTI'], ['PING'], ['EXEC']] },
    ],
  },
  {
    name: 'another client reading or writing other keys leaves the WATCH intact',
    conns: 2,
    steps: [
      { on: 0, send: [['SET', 'k', '1'], ['WATCH', 'k']] },
      { on: 1, send: [['GET', 'k'], ['SET', 'other', '1'], ['SADD', 'k2', 'x'], ['WATCH', 'k'], ['UNWATCH']] },
      { on: 0, send: [['MULTI'], ['INCR', 'k'], ['EXEC']] },
    ],
  },
  {
    name: 'two clients watching the same key both fail; a third watching another key does not',
    conns: 3,
    steps: [
      { on: 0, send: [['WATCH', 'k']] },
      { on: 1, send: [['WATCH', 'k', 'j']] },
      { on: 2, send: [['WATCH', 'j'], ['SET', 'k', 'v']] },
      { on: 0, send: [['MULTI'], ['PING'], ['EXEC']] },
      { on: 1, send: [['MULTI'], ['PING'], ['EXEC']] },
      { on: 2, send: [['MULTI'], ['PING'], ['EXEC']] },
    ],
  },
  {
    name: 'a client that disconnects stops watching (others unaffected)',
    conns: 3,
    steps: [
      { on: 0, send: [['WATCH', 'k']] },
      { on: 1, send: [['WATCH', 'k']] },
      { on: 0, close: true },
      { on: 2, send: [['SET', 'k', 'v']] },
      { on: 1, send: [['MULTI'], ['PING'], ['EXEC']] },
    ],
  },
  {
    name: 'a blocked BLMOVE served into a WATCHed destination fails EXEC',
    conns: 3,
    steps: [
      { on: 0, send: [['RPUSH', 'dst', 'x'], ['WATCH', 'dst']] },
      { on: 2, block: ['BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0'] },
      { on: 1, send: [['RPUSH', 'src', 'a']] },
      { on: 2, read: 1 },
      { on: 0, send: [['MULTI'], ['LRANGE', 'dst', '0', '-1'], ['EXEC']] },
    ],
  },
  {
    name: 'clients blocked on keys are served after the whole EXEC, not between its commands',
    conns: 2,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, send: [['MULTI'], ['RPUSH', 'k', 'a'], ['LLEN', 'k'], ['RPUSH', 'k', 'b'], ['LRANGE', 'k', '0', '-1'], ['EXEC']] },
      { on: 0, read: 1 },
      { on: 1, send: [['LRANGE', 'k', '0', '-1']] },
    ],
  },
  {
    name: 'a transaction that pushes and pops leaves nothing for a blocked client',
    conns: 2,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0.3'] },
      { on: 1, send: [['MULTI'], ['RPUSH', 'k', 'a'], ['LPOP', 'k'], ['EXEC']] },
      { sleep: 450 },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'over maxmemory: queueing anything is refused and aborts; DISCARD works',
    conns: 2,
    steps: [
      { on: 1, send: [['CONFIG', 'SET', 'maxmemory', '1']] },
      { on: 0, send: [['MULTI'], ['GET', 'x'], ['PING'], ['SET', 'x', '1'], ['DISCARD'], ['MULTI'], ['GET', 'x'], ['EXEC']] },
      { on: 1, send: [['CONFIG', 'SET', 'maxmemory', '0']] },
    ],
  },
  {
    name: 'EXEC of read-only commands runs over maxmemory; with a denyoom command it aborts',
    conns: 2,
    steps: [
      { on: 0, send: [['SET', 'x', 'value'], ['MULTI'], ['GET', 'x'], ['PING']] },
      { on: 1, send: [['CONFIG', 'SET', 'maxmemory', '1']] },
      { on: 0, send: [['EXEC']] },
      { on: 1, send: [['CONFIG', 'SET', 'maxmemory', '0']] },
      { on: 0, send: [['MULTI'], ['SET', 'x', '1'], ['GET', 'x']] },
      { on: 1, send: [['CONFIG', 'SET', 'maxmemory', '1']] },
      { on: 0, send: [['EXEC'], ['EXEC']] },
      { on: 1, send: [['CONFIG', 'SET', 'maxmemory', '0']] },
      { on: 0, send: [['GET', 'x']] },
    ],
  },
  {
    name: 'CLIENT PAUSE WRITE postpones queueing a write and an EXEC holding writes, not reads',
    conns: 2,
    steps: [
      { on: 1, send: [['CLIENT', 'PAUSE', '100000', 'WRITE']] },
      { on: 0, send: [['MULTI'], ['GET', 'x']] },
      { on: 0, block: ['SET', 'x', '1'] },
      { on: 1, send: [['CLIENT', 'UNPAUSE']] },
      { on: 0, read: 1 },
      { on: 1, send: [['CLIENT', 'PAUSE', '100000', 'WRITE']] },
      { on: 0, block: ['EXEC'] },
      { on: 1, send: [['GET', 'x'], ['CLIENT', 'UNPAUSE']] },
      { on: 0, read: 1 },
      { on: 0, send: [['MULTI'], ['GET', 'x']] },
      { on: 1, send: [['CLIENT', 'PAUSE', '100000', 'WRITE']] },
      { on: 0, send: [['EXEC']] },
      { on: 1, send: [['CLIENT', 'UNPAUSE']] },
    ],
  },
  {
    name: 'RESET leaves MULTI and drops the WATCHes',
    conns: 2,
    steps: [
      { on: 0, send: [['WATCH', 'k'], ['MULTI'], ['SET', 'k', '1'], ['RESET'], ['EXEC'], ['GET', 'k']] },
      { on: 1, send: [['SET', 'k', '2']] },
      { on: 0, send: [['MULTI'], ['GET', 'k'], ['EXEC']] },
    ],
  },
];
