/**
 * Raw byte streams for the protocol-error differential test (test/differential/protocol.test.ts):
 * one per protocol error text Redis 7.0.15 can send, plus the edges around each limit. Each goes
 * on a fresh connection; what comes back and whether the server then closes the connection must
 * match redis-server.
 */

/** Just over Redis's 64 KiB limit for an inline line or a count line without its newline. */
const OVER_64K = 64 * 1024 + 10;

/** Streams sent on a fresh, unauthenticated connection with no password configured. */
export const PROTOCOL_CASES: { name: string; bytes: string }[] = [
  // "Protocol error: invalid multibulk length"
  { name: 'multibulk count not a number', bytes: '*abc\r\nPING\r\n' },
  { name: 'multibulk count with a sign', bytes: '*+1\r\n$4\r\nPING\r\n' },
  { name: 'multibulk count past INT_MAX', bytes: '*2147483648\r\n' },
  { name: 'multibulk count at 1024*1024 + 1 (no limit below INT_MAX)', bytes: '*1048577\r\n$4\r\nPING\r\n' },
  { name: 'multibulk count empty', bytes: '*\r\nPING\r\n' },
  { name: 'multibulk count with spaces', bytes: '* 1\r\n$4\r\nPING\r\n' },
  // A count of 0 or below is skipped without a reply.
  { name: 'multibulk count zero and negative are ignored', bytes: '*0\r\n*-1\r\n*-100\r\nPING\r\n' },
  // "Protocol error: expected '$', got '%c'"
  { name: "expected '$', got ':'", bytes: '*1\r\n:5\r\n' },
  { name: "expected '$', got a space", bytes: '*2\r\n$4\r\nECHO\r\n hello\r\n' },
  // (Redis finds no line end past a NUL here and waits for more bytes.)
  { name: "a NUL where '$' is expected", bytes: '*1\r\n\x00\r\n' },
  { name: "expected '$', got CR (empty line)", bytes: '*1\r\n\r\n' },
  // "Protocol error: invalid bulk length"
  { name: 'bulk length negative', bytes: '*1\r\n$-1\r\n' },
  { name: 'bulk length not a number', bytes: '*1\r\n$x\r\nPING\r\n' },
  { name: 'bulk length past proto-max-bulk-len', bytes: '*1\r\n$536870913\r\n' },
  { name: 'bulk length empty', bytes: '*1\r\n$\r\n' },
  // A bulk whose payload is not followed by CRLF: Redis takes the two bytes after it as CRLF anyway.
  { name: 'bulk payload followed by other bytes than CRLF', bytes: '*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n' },
  // "Protocol error: too big mbulk count string"
  { name: 'multibulk count line over 64 KiB without newline', bytes: '*' + '1'.repeat(OVER_64K) },
  // "Protocol error: too big bulk count string"
  { name: 'bulk count line over 64 KiB without newline', bytes: '*1\r\n$' + '1'.repeat(OVER_64K) },
  // "Protocol error: too big inline request"
  { name: 'inline line over 64 KiB without newline', bytes: 'PING ' + 'a'.repeat(OVER_64K) },
  // "Protocol error: unbalanced quotes in request"
  { name: 'inline unbalanced double quote', bytes: 'ECHO "abc\r\nPING\r\n' },
  { name: 'inline unbalanced single quote', bytes: "ECHO 'abc\r\nPING\r\n" },
  { name: 'inline closing quote not followed by a space', bytes: 'ECHO "a"b\r\nPING\r\n' },
  { name: 'inline quotes and escapes that are fine', bytes: 'ECHO "a\\"b\\x41\\n\\t\\\\"\r\nECHO \'c\\\'d\'\r\nECHO "\\xZZ\\x4"\r\n' },
  // Replies to the commands before an error are sent; nothing after it is read.
  { name: 'pipelined commands before and after an error', bytes: 'PING\r\n*1\r\n$4\r\nECHO\r\n*1\r\n$x\r\nPING\r\n' },
  { name: 'inline empty lines and blanks are ignored', bytes: '\r\n\n   \r\n\t\r\nPING\r\n' },
  { name: 'inline LF-only line ending', bytes: 'PING\nECHO a\n' },
  { name: 'a lone CR does not end an inline command', bytes: 'PING\rPING\r\n' },
  { name: 'bulk split across the stream is waited for', bytes: '*2\r\n$4\r\nECHO\r\n$5\r\nhel' },
  { name: 'oversized but legal inline command', bytes: 'ECHO ' + 'a'.repeat(60 * 1024) + '\r\n' },
];

/**
 * Streams sent with requirepass set, before AUTH: Redis refuses large requests from
 * unauthenticated clients with their own texts.
 */
export const UNAUTHENTICATED_CASES: { name: string; bytes: string }[] = [
  // "Protocol error: unauthenticated multibulk length" (more than 10 arguments)
  { name: 'more than 10 arguments before AUTH', bytes: '*11\r\n' },
  { name: '10 arguments before AUTH are fine', bytes: '*10\r\n' + '$1\r\na\r\n'.repeat(10) },
  // "Protocol error: unauthenticated bulk length" (a bulk over 16 KiB)
  { name: 'bulk over 16 KiB before AUTH', bytes: '*2\r\n$4\r\nAUTH\r\n$16385\r\n' },
  { name: 'bulk of 16 KiB before AUTH is fine', bytes: '*2\r\n$4\r\nECHO\r\n$16384\r\n' + 'a'.repeat(16384) + '\r\n' },
  { name: 'NOAUTH for a command before AUTH', bytes: 'GET k\r\nAUTH wrong\r\nAUTH default wrong\r\nPING\r\n' },
  // EXEC rejected by NOAUTH aborts with the reason; AUTH itself is queued inside MULTI.
  { name: 'transactions before AUTH', bytes: 'EXEC\r\nMULTI\r\nDISCARD\r\nWATCH x\r\nAUTH pw\r\nMULTI\r\nAUTH pw\r\nEXEC\r\n' },
];
