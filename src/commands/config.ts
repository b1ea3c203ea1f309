/** CONFIG GET / SET / RESETSTAT / REWRITE / HELP, over the registry in config/. */
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';
import type { Client } from '../engine/client.js';
import { replyHelp } from './help.js';
import { globMatch } from '../util/glob.js';
import { PF, type ParamDef } from '../config/registry.js';
import { rewriteConfigFile } from '../config/rewrite.js';
import { strerror } from '../config/file.js';
import { resetStats } from '../observability/call-hooks.js';
import { registerDebugSubcommand } from './debug.js';

const HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

/** True for a client on the loopback interface or the unix socket (Redis's islocalClient). */
function isLocalClient(c: Client): boolean {
  if (c.unixSocket) return true;
  const addr = c.transport.addr;
  const ip = addr.slice(0, addr.lastIndexOf(':'));
  return ip.startsWith('127.') || ip === '::1' || ip === '[::1]' || ip.startsWith('::ffff:127.');
}

/** enable-protected-configs (and the DEBUG/MODULE switches) allow this client: yes, or local and it is. */
export function protectedActionAllowed(c: Client, param: string): boolean {
  const v = c.engine.config.get<string>(param);
  return v === 'yes' || (v === 'local' && isLocalClient(c));
}

export const configCommands = defineCommands({
  'config|get': (c, argv) => {
    const config = c.engine.config;
    // Keys already matched, case-insensitively, so a name and a pattern covering it give one entry.
    const seen = new Set<string>();
    const out: [string, ParamDef][] = [];
    for (let i = 2; i < argv.length; i++) {
      const pattern = argv[i];
      if (!/[[*?]/.test(pattern)) {
        const def = config.def(pattern);
        if (def && !seen.has(pattern.toLowerCase())) {
          seen.add(pattern.toLowerCase());
          out.push([pattern, def]);
        }
        continue;
      }
      for (const [name, def] of config.entries()) {
        // Hidden parameters answer only to their exact name.
        if (def.flags & PF.Hidden || seen.has(name)) continue;
        if (globMatch(pattern, name, true)) {
          seen.add(name);
          out.push([name, def]);
        }
      }
    }
    c.reply.mapLen(out.length);
    for (const [name, def] of out) {
      c.reply.bulk(name);
      c.reply.bulk(config.format(def));
    }
  },
  'config|set': (c, argv) => {
    if (argv.length % 2 !== 0) return c.reply.error(Errors.syntax);
    const pairs: [string, string][] = [];
    for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
    const err = c.engine.config.setMany(pairs, { protectedAllowed: protectedActionAllowed(c, 'enable-protected-configs') });
    if (err !== null) return c.reply.error(err);
    c.reply.ok();
  },
  'config|resetstat': (c) => {
    resetStats(c.engine);
    c.reply.ok();
  },
  'config|rewrite': (c) => {
    const config = c.engine.config;
    if (config.configFile === undefined) return c.reply.error('ERR The server is running without a config file');
    try {
      rewriteConfigFile(config, config.configFile);
    } catch (e) {
      const msg = strerror(e);
      c.engine.log('warning', `CONFIG REWRITE failed: ${msg}`);
      return c.reply.error(`ERR Rewriting config file: ${msg}`);
    }
    c.engine.log('warning', 'CONFIG REWRITE executed with success.');
    c.reply.ok();
  },
  'config|help': (c, argv) => replyHelp(c, argv[0], HELP),
});

// DEBUG CONFIG-REWRITE-FORCE-ALL: rewrite the config file with every parameter (Redis's test aid).
registerDebugSubcommand(
  'config-rewrite-force-all',
  (n) => n === 2,
  (c) => {
    const config = c.engine.config;
    if (config.configFile === undefined) return c.reply.error('ERR The server is running without a config file');
    try {
      rewriteConfigFile(config, config.configFile, true);
    } catch (e) {
      return c.reply.error(`ERR CONFIG-REWRITE-FORCE-ALL failed: ${strerror(e)}`);
    }
    c.reply.ok();
  },
);
