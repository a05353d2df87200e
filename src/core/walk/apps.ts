// What the applications put in their packets: iputils ping's echo request, a TCP SYN as Linux builds
// it, a UDP datagram — and the answers the receiving stack sends (echo reply, SYN-ACK, a UDP reply).

import type { Header, PayloadHeader, TcpHeader, WalkRequest } from '../model/packet';
import { ephemeralPort, hash32 } from './flowhash';
import { echo, ipOf, PROTO_ICMP, PROTO_TCP, PROTO_UDP, udp } from './headers';
import type { OutputSpec } from './ip';
import { wm } from './messages';

/** The initial receive window Linux advertises in a SYN: 65535 rounded down to whole segments
 *  (64240 for MSS 1460, 64800 for 1440). */
export function synWindow(mss: number): number {
  return Math.floor(65535 / mss) * mss;
}

function payload(length: number, pattern: PayloadHeader['pattern'], t?: number): Header[] {
  if (length <= 0) return [];
  const p: PayloadHeader = { type: 'payload', length, pattern };
  if (t !== undefined) p.t = t;
  return [p];
}

export interface AppPacket {
  spec: OutputSpec;
  seq: number;
}

/** The request a WalkRequest describes, sent from namespace `nsId` to dst. */
export function requestPacket(req: WalkRequest, nsId: string, dst: string, bound: string | undefined): AppPacket {
  const ttl = req.ttl ?? 64;
  if (req.protocol === 'icmp') {
    const id = req.icmpId ?? hash32(`ping/${nsId}`) & 0xffff;
    const seq = req.icmpSeq ?? 1;
    const size = req.size ?? 56;
    return {
      seq,
      spec: {
        dst,
        bound,
        protocol: PROTO_ICMP,
        ttl,
        pmtudisc: req.pmtudisc ?? 'want',
        l4: () => echo(8, id, seq, { type: 'payload', length: size, pattern: 'ping', t: 0 }),
        what: wm('walk.app.ping', { dst, size }),
      },
    };
  }
  if (req.protocol === 'tcp') {
    const dport = req.port ?? 80;
    const sport = ephemeralPort(nsId, `tcp/${dst}/${dport}`);
    const size = req.size ?? 0;
    return {
      seq: 1,
      spec: {
        dst,
        bound,
        protocol: PROTO_TCP,
        ttl,
        pmtudisc: req.pmtudisc ?? 'want',
        l4: (mtu, src) => {
          const mss = mtu - 40;
          const syn: TcpHeader = {
            type: 'tcp',
            srcPort: sport,
            dstPort: dport,
            seq: hash32(`isn/${src}/${sport}/${dst}/${dport}`),
            ack: 0,
            flags: { syn: true },
            window: synWindow(mss),
            options: { mss, sackOk: true, tsVal: hash32(`ts/${nsId}`), tsEcr: 0, wscale: 7 },
          };
          return [syn, ...payload(size, 'zero')];
        },
        what: wm('walk.app.connect', { dst, port: dport }),
      },
    };
  }
  const dport = req.port ?? 53;
  const sport = ephemeralPort(nsId, `udp/${dst}/${dport}`);
  const size = req.size ?? 56;
  return {
    seq: 1,
    spec: {
      dst,
      bound,
      protocol: PROTO_UDP,
      ttl,
      pmtudisc: req.pmtudisc ?? 'want',
      l4: () => udp(sport, dport, payload(size, 'zero')),
      what: wm('walk.app.udp', { size, dst, port: dport }),
    },
  };
}

/** The receiving stack's answer to a delivered packet, if it sends one: echo reply (the ICMP socket
 *  sends with DF clear), SYN-ACK (any port: policy is decided elsewhere), or a UDP reply. */
export function replyPacket(nsId: string, delivered: readonly Header[]): OutputSpec | undefined {
  const ip = ipOf(delivered);
  const l4 = delivered[1];
  const base = { dst: ip.src, bound: ip.dst, ttl: 64 };
  if (l4?.type === 'icmp' && l4.icmpType === 8) {
    const data = delivered[2]?.type === 'payload' ? [delivered[2]] : [];
    return {
      ...base,
      protocol: PROTO_ICMP,
      pmtudisc: 'dont',
      l4: () => [{ type: 'icmp', icmpType: 0, code: 0, id: l4.id, seq: l4.seq }, ...data],
      what: wm('walk.app.echoReply', { dst: ip.src }),
    };
  }
  if (l4?.type === 'tcp' && l4.flags.syn && !l4.flags.ack) {
    return {
      ...base,
      protocol: PROTO_TCP,
      pmtudisc: 'want',
      l4: (mtu) => {
        const mss = mtu - 40;
        const ts = l4.options.tsVal !== undefined;
        // the window is counted in segments of the effective MSS (less the 12 timestamp bytes)
        const eff = Math.min(mss, l4.options.mss ?? 536) - (ts ? 12 : 0);
        const synack: TcpHeader = {
          type: 'tcp',
          srcPort: l4.dstPort,
          dstPort: l4.srcPort,
          seq: hash32(`isn/${ip.dst}/${l4.dstPort}/${ip.src}/${l4.srcPort}`),
          ack: (l4.seq + 1) >>> 0,
          flags: { syn: true, ack: true },
          window: synWindow(eff),
          options: {
            mss,
            ...(l4.options.sackOk ? { sackOk: true } : {}),
            ...(ts ? { tsVal: hash32(`ts/${nsId}`), tsEcr: l4.options.tsVal } : {}),
            ...(l4.options.wscale !== undefined ? { wscale: 7 } : {}),
          },
        };
        return [synack];
      },
      what: wm('walk.app.synAck', { dst: ip.src, port: l4.srcPort }),
    };
  }
  if (l4?.type === 'udp') {
    const rest = delivered.slice(2);
    return {
      ...base,
      protocol: PROTO_UDP,
      pmtudisc: 'want',
      l4: () => udp(l4.dstPort, l4.srcPort, rest),
      what: wm('walk.app.udpReply', { dst: ip.src, port: l4.srcPort }),
    };
  }
  return undefined;
}
