// The embed's postMessage API. Messages are `{type, v: 1, ...}`.
//   in:  load-lab {lab} · go-to-step {step} (1-based) · set-mode {ipipMode|vxlanMode|flannelBackend}
//        · send-packet {from, to, protocol?, port?}
//   out: ready · step-changed {lab, step} · packet-verdict {from, to, verdict, reason?}
// Only messages from the parent window whose origin is allowed are read; the allowed origins come from
// the build (VITE_CNI_LAB_PARENT_ORIGINS, comma-separated), never from the URL; by default only this
// page's own origin. Anything unknown or malformed is ignored.

export type InMessage =
  | { type: 'load-lab'; v: 1; lab: string }
  | { type: 'go-to-step'; v: 1; step: number }
  | { type: 'set-mode'; v: 1; ipipMode?: EncapModeName; vxlanMode?: EncapModeName; flannelBackend?: FlannelBackend }
  | { type: 'send-packet'; v: 1; from: string; to: string; protocol?: 'icmp' | 'tcp' | 'udp'; port?: number };

export type OutMessage =
  | { type: 'ready'; v: 1 }
  | { type: 'step-changed'; v: 1; lab: string; step: number }
  | { type: 'packet-verdict'; v: 1; from: string; to: string; verdict: 'delivered' | 'dropped' | 'left' | 'error'; reason?: string };

export type EncapModeName = 'Always' | 'CrossSubnet' | 'Never';
export type FlannelBackend = 'vxlan' | 'directrouting' | 'host-gw';

const MODES = ['Always', 'CrossSubnet', 'Never'];
const BACKENDS = ['vxlan', 'directrouting', 'host-gw'];
const PROTOS = ['icmp', 'tcp', 'udp'];
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isName = (x: unknown, max = 253): x is string => typeof x === 'string' && x.length > 0 && x.length <= max && /^[\w./:-]+$/.test(x);

/** A validated inbound message, or undefined (ignored). Extra fields are dropped. */
export function parseMessage(data: unknown): InMessage | undefined {
  if (!isObj(data) || data.v !== 1 || typeof data.type !== 'string') return undefined;
  switch (data.type) {
    case 'load-lab':
      return isName(data.lab, 100) ? { type: 'load-lab', v: 1, lab: data.lab } : undefined;
    case 'go-to-step':
      return Number.isInteger(data.step) && (data.step as number) >= 1 && (data.step as number) <= 1000 ? { type: 'go-to-step', v: 1, step: data.step as number } : undefined;
    case 'set-mode': {
      const out: Extract<InMessage, { type: 'set-mode' }> = { type: 'set-mode', v: 1 };
      let any = false;
      for (const k of ['ipipMode', 'vxlanMode'] as const) {
        if (data[k] === undefined) continue;
        if (!MODES.includes(data[k] as string)) return undefined;
        out[k] = data[k] as EncapModeName;
        any = true;
      }
      if (data.flannelBackend !== undefined) {
        if (!BACKENDS.includes(data.flannelBackend as string)) return undefined;
        out.flannelBackend = data.flannelBackend as FlannelBackend;
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

/** The parent origins this build accepts: the configured list, else this page's own origin. */
export function allowedOrigins(configured: string | undefined, self: string): string[] {
  const list = (configured ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter((s) => /^https?:\/\/[^/\s]+$/.test(s));
  return list.length ? list : [self];
}

export interface EmbedHandlers {
  onMessage(m: InMessage): void;
}

/** Listens to the parent; returns `post` (to every allowed origin: the browser delivers to the one the
 *  parent has) and `stop`. */
export function connectEmbedApi(win: Window, origins: string[], h: EmbedHandlers): { post(m: OutMessage): void; stop(): void } {
  const parent = win.parent;
  const onMessage = (e: MessageEvent) => {
    if (e.source !== parent || parent === win) return;
    if (!origins.includes(e.origin)) return;
    const m = parseMessage(e.data);
    if (m) h.onMessage(m);
  };
  win.addEventListener('message', onMessage);
  return {
    post(m) {
      if (parent === win) return;
      for (const o of origins) parent.postMessage(m, o);
    },
    stop: () => win.removeEventListener('message', onMessage),
  };
}
