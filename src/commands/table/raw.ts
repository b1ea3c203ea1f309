/** One command or subcommand as Redis 7.0.15 describes it in COMMAND INFO and COMMAND DOCS. */
export interface RawCommand {
  /** Lowercase name; subcommands are "container|sub". */
  name: string;
  /** Redis arity: N means exactly N arguments (command name included), -N at least N. */
  arity: number;
  flags: string[];
  /** ACL categories without the leading "@". */
  aclCategories: string[];
  firstKey: number;
  lastKey: number;
  step: number;
  keySpecs: KeySpecRaw[];
  tips: string[];
  group: string;
  since: string;
  container?: string;
  subcommands?: string[];
  arguments?: unknown[];
  docFlags?: string[];
}

export interface KeySpecRaw {
  begin_search: { type: 'index' | 'keyword' | 'unknown'; spec: { index?: number; keyword?: string; startfrom?: number } };
  find_keys: {
    type: 'range' | 'keynum' | 'unknown';
    spec: { lastkey?: number; keystep?: number; limit?: number; keynumidx?: number; firstkey?: number };
  };
  flags: string[];
  notes?: string;
}
