// The embed's postMessage API. Messages are `{type, v: 1, ...}`.
//   in:  load-lab {lab} · go-to-step {step} (1-based) · set-mode {ipipMode|vxlanMode|flannelBackend}
//        · send-packet {from, to, protocol?, port?}
//   out: ready · step-changed {lab, step} · packet-verdict {from, to, verdict, reason?}
//        · hello (asks for `ready` again: a parent that started listening late)
// Only messages from the parent window are read. By default any parent page may drive the embed, and the
// embed answers that page's origin only; a deployment restricts parents with VITE_CNI_LAB_PARENT_ORIGINS
// (build) and a page with `parentOrigin=` (URL), both comma-separated. Anything unknown or malformed is
// ignored.

import type { EncapMode } from '../core/model/scenario';
import type { FlannelMode } from '../core/session/edits';
import { MODE_TOGGLES, isModeValue } from '../core/session/modes';

export type InMessage =
  | { type: 'hello'; v: 1 }
  | { type: 'load-lab'; v: 1; lab: string }
  | { type: 'go-to-step'; v: 1; step: number }
  | { type: 'set-mode'; v: 1; ipipMode?: EncapModeName; vxlanMode?: EncapModeName; flannelBackend?: FlannelBackend }
  | { type: 'send-packet'; v: 1; from: string; to: string; protocol?: 'icmp' | 'tcp' | 'udp'; port?: number };

export type OutMessage =
  | { type: 'ready'; v: 1 }
  | { type: 'step-changed'; v: 1; lab: string; step: number }
  | { type: 'packet-verdict'; v: 1; from: string; to: string; verdict: 'delivered' | 'dropped' | 'left' | 'error'; reason?: string };

export type EncapModeName = EncapMode;
export type FlannelBackend = FlannelMode;

const PROTOS = ['icmp', 'tcp', 'udp'];
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isName = (x: unknown, max = 253): x is string => typeof x === 'string' && x.length > 0 && x.length <= max && /^[\w./:-]+$/.test(x);

/** A validated inbound message, or undefined (ignored). Extra fields are dropped. */
export function parseMessage(data: unknown): InMessage | undefined {
  if (!isObj(data) || data.v !== 1 || typeof data.type !== 'string') return undefined;
  switch (data.type) {
    case 'hello':
      return { type: 'hello', v: 1 };
    case 'load-lab':
      return isName(data.lab, 100) ? { type: 'load-lab', v: 1, lab: data.lab } : undefined;
    case 'go-to-step':
      return Number.isInteger(data.step) && (data.step as number) >= 1 && (data.step as number) <= 1000 ? { type: 'go-to-step', v: 1, step: data.step as number } : undefined;
    case 'set-mode': {
      const out: Extract<InMessage, { type: 'set-mode' }> = { type: 'set-mode', v: 1 };
      let any = false;
      // the fields and their values are the modes table's (core/session/modes.ts)
      for (const t of MODE_TOGGLES) {
        const v = data[t.id];
        if (v === undefined) continue;
        if (!isModeValue(t.id, v)) return undefined;
        (out as Record<string, unknown>)[t.id] = v;
        any = true;
      }
      return any ? out : undefined;
    }
    case 'send-packet': {
      if (!isName(data.from) || !isName(data.to)) return undefined;
      if (data.protocol !== undefined && !PROTOS.includes(data.protocol as string)) return undefined;
      if (data.port !== undefined && !(Number.isInteger(data.port) && (data.port as number) >= 1 && (data.port as number) <= 65535)) return undefined;
      return {
        type: 'send-packet',
        v: 1,
        from: data.from,
        to: data.to,
        ...(data.protocol !== undefined ? { protocol: data.protocol as 'icmp' | 'tcp' | 'udp' } : {}),
        ...(data.port !== undefined ? { port: data.port as number } : {}),
      };
    }
    default:
      return undefined;
  }
}

const ORIGIN = /^https?:\/\/[^/\s?#]+$/;

/** Origins from a comma-separated setting (trailing slashes dropped, anything else that is not an
 *  http(s) origin left out). */
export function parseOrigins(setting: string | undefined | null): string[] {
  return (setting ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter((s) => ORIGIN.test(s));
}

/** Which parent pages may drive this embed. `any`: whichever page loads it (the embed then talks to that
 *  page's origin only); else only the listed origins. */
export type ParentPolicy = { any: true } | { any: false; origins: string[] };

/** The build's list (VITE_CNI_LAB_PARENT_ORIGINS) and the URL's (`parentOrigin=`) each restrict; with both,
 *  a parent must be on both (a URL can narrow a deployment's list, never widen it); with neither, any
 *  parent. A setting that is present but lists no valid origin allows none. */
export function parentPolicy(build: string | undefined, url: string | null): ParentPolicy {
  const lists = [build, url].filter((x): x is string => x !== undefined && x !== null && x.trim() !== '').map(parseOrigins);
  if (!lists.length) return { any: true };
  return { any: false, origins: lists.reduce((a, b) => a.filter((o) => b.includes(o))) };
}

export const originAllowed = (p: ParentPolicy, origin: string) => ORIGIN.test(origin) && (p.any || p.origins.includes(origin));

/** The parent page's origin as the browser tells it before any message: the frame's first ancestor
 *  (Chromium, Safari) or the referrer (the embedding page under the default referrer policy). */
export function parentOriginHint(loc: Location, referrer: string): string | undefined {
  const anc = (loc as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (anc && anc.length) return anc[0];
  try {
    return referrer ? new URL(referrer).origin : undefined;
  } catch {
    return undefined;
  }
}

export interface EmbedHandlers {
  onMessage(m: InMessage): void;
}

/** Listens to the parent window and answers it at its own origin, never '*'. Until that origin is known
 *  (from the hint, else from the parent's first message, whose origin the browser vouches for) replies
 *  wait in a short queue. Messages from any other window (this one, siblings, popups), from a parent
 *  origin the policy refuses, or not of the API's form are ignored. */
export function connectEmbedApi(win: Window, policy: ParentPolicy, h: EmbedHandlers, hint?: string): { post(m: OutMessage): void; stop(): void } {
  const parent = win.parent;
  let target = hint && originAllowed(policy, hint) ? hint : undefined;
  const queue: OutMessage[] = [];
  const flush = () => {
    if (!target) return;
    for (const m of queue.splice(0)) parent.postMessage(m, target);
  };
  const onMessage = (e: MessageEvent) => {
    if (e.source !== parent || parent === win) return;
    if (!originAllowed(policy, e.origin)) return;
    const m = parseMessage(e.data);
    if (!m) return;
    target = e.origin;
    flush();
    if (m.type === 'hello') queue.push({ type: 'ready', v: 1 });
    else h.onMessage(m);
    flush();
  };
  win.addEventListener('message', onMessage);
  return {
    post(m) {
      if (parent === win) return;
      if (queue.length < 50) queue.push(m);
      flush();
    },
    stop: () => win.removeEventListener('message', onMessage),
  };
}
