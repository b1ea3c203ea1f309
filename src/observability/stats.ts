/** Server-wide counters behind INFO stats (names follow Redis's INFO fields). */
export class ServerStats {
  totalCommandsProcessed = 0;
  totalConnectionsReceived = 0;
  rejectedConnections = 0;
  expiredKeys = 0;
  evictedKeys = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  totalErrorReplies = 0;
  totalNetInputBytes = 0;
  totalNetOutputBytes = 0;
  /** Error replies by error code (the first word: "ERR", "WRONGTYPE" ...), for INFO errorstats. */
  readonly errors = new Map<string, number>();

  /** Counts one error reply by its code. */
  countError(msg: string): void {
    this.totalErrorReplies++;
    const sp = msg.indexOf(' ');
    const code = sp < 0 ? msg : msg.slice(0, sp);
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  reset(): void {
    this.totalCommandsProcessed = 0;
    this.totalConnectionsReceived = 0;
    this.rejectedConnections = 0;
    this.expiredKeys = 0;
    this.evictedKeys = 0;
    this.keyspaceHits = 0;
    this.keyspaceMisses = 0;
    this.totalErrorReplies = 0;
    this.totalNetInputBytes = 0;
    this.totalNetOutputBytes = 0;
    this.errors.clear();
  }
}
