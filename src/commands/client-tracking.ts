/**
 * CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO (client-side caching; the state and the
 * invalidations live in engine/tracking.ts). Options, checks and error texts in Redis 7.0's order.
 */
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';
import { resetHooks, type Client } from '../engine/client.js';
import { findPrefixCollision, TrackingFlag } from '../engine/tracking.js';
import { parseLongLong } from './client-args.js';

// RESET leaves tracking, as a new connection has none.
resetHooks.push((c) => {
  if (c.trackingFlags !== 0) c.engine.tracking.disable(c);
});

/** The options of CLIENT TRACKING after ON|OFF. */
interface TrackingOptions {
  redirect: number;
  flags: number;
  prefixes: string[];
}

/** Parses the options (checking a REDIRECT target exists); null after replying an error. */
function parseOptions(c: Client, argv: string[]): TrackingOptions | null {
  let redirect = 0n;
  let flags = 0;
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const moreArgs = j < argv.length - 1;
    if (opt === 'redirect' && moreArgs) {
      j++;
      if (redirect !== 0n) {
        c.reply.error('ERR A client can only redirect to a single other client');
        return null;
      }
      const id = parseLongLong(argv[j]);
      if (id === null) {
        c.reply.error(Errors.notInteger);
        return null;
      }
      redirect = id;
      // The target must exist now, even if it may leave later.
      if (id <= 0n || id > BigInt(Number.MAX_SAFE_INTEGER) || !c.engine.clients.has(Number(id))) {
        c.reply.error('ERR The client ID you want redirect to does not exist');
        return null;
      }
    } else if (opt === 'bcast') {
      flags |= TrackingFlag.Bcast;
    } else if (opt === 'optin') {
      flags |= TrackingFlag.Optin;
    } else if (opt === 'optout') {
      flags |= TrackingFlag.Optout;
    } else if (opt === 'noloop') {
      flags |= TrackingFlag.Noloop;
    } else if (opt === 'prefix' && moreArgs) {
      prefixes.push(argv[++j]);
    } else {
      c.reply.error(Errors.syntax);
      return null;
    }
  }
  return { redirect: Number(redirect), flags, prefixes };
}

/** CLIENT TRACKING ON: the option and state checks, then enabling. */
function trackingOn(c: Client, o: TrackingOptions): void {
  const f = o.flags;
  if ((f & TrackingFlag.Bcast) === 0 && o.prefixes.length !== 0) {
    return c.reply.error('ERR PREFIX option requires BCAST mode to be enabled');
  }
  if ((c.trackingFlags & TrackingFlag.On) !== 0 && (c.trackingFlags & TrackingFlag.Bcast) !== (f & TrackingFlag.Bcast)) {
    return c.reply.error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
  }
  if ((f & TrackingFlag.Bcast) !== 0 && (f & (TrackingFlag.Optin | TrackingFlag.Optout)) !== 0) {
    return c.reply.error('ERR OPTIN and OPTOUT are not compatible with BCAST');
  }
  if ((f & TrackingFlag.Optin) !== 0 && (f & TrackingFlag.Optout) !== 0) {
    return c.reply.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
  }
  if (((f & TrackingFlag.Optin) !== 0 && (c.trackingFlags & TrackingFlag.Optout) !== 0) || ((f & TrackingFlag.Optout) !== 0 && (c.trackingFlags & TrackingFlag.Optin) !== 0)) {
    return c.reply.error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
  }
  if ((f & TrackingFlag.Bcast) !== 0) {
    const collision = findPrefixCollision(c, o.prefixes);
    if (collision !== null) {
      c.reply.error(collision.msg);
      // Redis goes on after some overlaps it reported (see findPrefixCollision): two replies.
      if (collision.fatal) return;
    }
  }
  c.engine.tracking.enable(c, o.redirect, f, o.prefixes);
  c.reply.ok();
}

export const clientTrackingCommands = defineCommands({
  'client|tracking': (c, argv) => {
    const opts = parseOptions(c, argv);
    if (opts === null) return;
    const mode = argv[2].toLowerCase();
    if (mode === 'on') return trackingOn(c, opts);
    if (mode !== 'off') return c.reply.error(Errors.syntax);
    c.engine.tracking.disable(c);
    c.reply.ok();
  },
  'client|caching': (c, argv) => {
    const f = c.trackingFlags;
    if ((f & TrackingFlag.On) === 0) {
      return c.reply.error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
    }
    const opt = argv[2].toLowerCase();
    if (opt === 'yes') {
      if ((f & TrackingFlag.Optin) === 0) return c.reply.error('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
    } else if (opt === 'no') {
      if ((f & TrackingFlag.Optout) === 0) return c.reply.error('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
    } else {
      return c.reply.error(Errors.syntax);
    }
    // Applies to the next command (or transaction): see Client.commandDone.
    c.trackingFlags |= TrackingFlag.Caching;
    c.reply.ok();
  },
  'client|getredir': (c) => c.reply.int((c.trackingFlags & TrackingFlag.On) !== 0 ? c.trackingRedirect : -1),
  'client|trackinginfo': (c) => {
    const f = c.trackingFlags;
    const flags = [(f & TrackingFlag.On) !== 0 ? 'on' : 'off'];
    if ((f & TrackingFlag.Bcast) !== 0) flags.push('bcast');
    if ((f & TrackingFlag.Optin) !== 0) {
      flags.push('optin');
      if ((f & TrackingFlag.Caching) !== 0) flags.push('caching-yes');
    }
    if ((f & TrackingFlag.Optout) !== 0) {
      flags.push('optout');
      if ((f & TrackingFlag.Caching) !== 0) flags.push('caching-no');
    }
    if ((f & TrackingFlag.Noloop) !== 0) flags.push('noloop');
    if ((f & TrackingFlag.BrokenRedir) !== 0) flags.push('broken_redirect');
    const r = c.reply;
    r.mapLen(3);
    r.bulk('flags');
    r.setLen(flags.length);
    for (const s of flags) r.bulk(s);
    r.bulk('redirect');
    r.int((f & TrackingFlag.On) !== 0 ? c.trackingRedirect : -1);
    r.bulk('prefixes');
    const prefixes = c.trackingPrefixes?.sorted ?? [];
    r.arrayLen(prefixes.length);
    for (const p of prefixes) r.bulk(p);
  },
});
