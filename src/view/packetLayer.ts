// The moving packet, on a <canvas> laid over the topology SVG (static SVG + one canvas holds 60 fps where
// SVG movers drop frames). createPacketLayer(canvas) → { show, setTransform, resize, destroy }.
// With reduced motion every step is drawn in place at once, never animated.

import type { PacketFrame, RingKind } from './packet';
import { BADGE_MAX_W, pointAlong, type Pt } from './layout';

export interface PacketLayer {
  /** re-read the colours from CSS (after a theme change); show() never reads styles itself */
  refreshColors(): void;
  /** draws the frame; animates along its path unless `instant` (then onDone runs at once) */
  show(frame: PacketFrame | undefined, opts?: { instant?: boolean; durationMs?: number; onDone?: () => void }): void;
  /** where text is drawn under the canvas (canvas pixels, read when the packet moves to a new hop): the
   *  header box takes the corner that covers the least of it */
  setObstacles(read: () => { x: number; y: number; w: number; h: number }[]): void;
  /** a BGP message (convergence animation): a small labelled dot along the session line, sender first;
   *  undefined clears it. Drawn beside the packet, never instead of it. */
  showMessage(m: BgpMessageDot | undefined, opts?: { durationMs?: number }): void;
  setTransform(t: { k: number; x: number; y: number }): void;
  /** larger labels where the picture's names are larger (presenter mode, A+): 1 = 13 px */
  setTextScale(s: number): void;
  resize(width: number, height: number): void;
  destroy(): void;
}

export interface BgpMessageDot {
  path: Pt[];
  label: string;
  kind: 'UPDATE' | 'WITHDRAW';
}

export interface PacketColors {
  ring: Record<RingKind, string>;
  text: string;
  textBg: string;
  drop: string;
  reply: string;
  request: string;
  update: string;
  withdraw: string;
}

const DEFAULT_COLORS: PacketColors = {
  ring: { eth: '#7d8590', ip: '#2f81f7', l4: '#3fb950', 'outer-eth': '#9e6a03', 'outer-ip': '#a371f7', udp: '#db6d28', vxlan: '#f0883e' },
  text: '#e6edf3',
  textBg: 'rgba(13,17,23,0.85)',
  drop: '#f85149',
  reply: '#39c5cf',
  request: '#3fb950',
  update: '#3fb950',
  withdraw: '#f85149',
};

/** Reads the packet colours from CSS custom properties on the canvas (themes switch them). */
function colorsFrom(el: Element): PacketColors {
  const cs = getComputedStyle(el);
  const v = (name: string, d: string) => cs.getPropertyValue(name).trim() || d;
  const r = DEFAULT_COLORS.ring;
  return {
    ring: {
      eth: v('--ring-eth', r.eth),
      ip: v('--ring-ip', r.ip),
      l4: v('--ring-l4', r.l4),
      'outer-eth': v('--ring-outer-eth', r['outer-eth']),
      'outer-ip': v('--ring-outer-ip', r['outer-ip']),
      udp: v('--ring-udp', r.udp),
      vxlan: v('--ring-vxlan', r.vxlan),
    },
    text: v('--packet-text', DEFAULT_COLORS.text),
    textBg: v('--packet-text-bg', DEFAULT_COLORS.textBg),
    drop: v('--packet-drop', DEFAULT_COLORS.drop),
    reply: v('--packet-reply', DEFAULT_COLORS.reply),
    request: v('--packet-request', DEFAULT_COLORS.request),
    update: v('--bgp-update', DEFAULT_COLORS.update),
    withdraw: v('--bgp-withdraw', DEFAULT_COLORS.withdraw),
  };
}

export function createPacketLayer(canvas: HTMLCanvasElement): PacketLayer {
  const ctx = canvas.getContext('2d')!;
  let t = { k: 1, x: 0, y: 0 };
  let w = 0;
  let h = 0;
  let dpr = 1;
  let ts = 1;
  let frame: PacketFrame | undefined;
  let progress = 1;
  let raf = 0;
  let colors = colorsFrom(canvas);
  let msg: BgpMessageDot | undefined;
  let msgProgress = 1;
  let msgRaf = 0;
  let readObstacles: () => { x: number; y: number; w: number; h: number }[] = () => [];
  // the corner is chosen when a hop is shown, not on every animation frame
  let corner: { x: number; y: number; bw: number; bh: number; at: number; stale: boolean } | undefined;

  function draw() {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    // what is drawn, for tests and tools (the canvas itself is aria-hidden): set again below when drawn
    delete canvas.dataset.headers;
    delete canvas.dataset.headersBox;
    delete canvas.dataset.dropBox;
    delete canvas.dataset.packetAt;
    delete canvas.dataset.badgeBox;
    drawMessage();
    if (!frame) return;
    // positions follow the zoom; the packet itself keeps its size so it stays legible when zoomed out
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const toScreen = (q: { x: number; y: number }) => ({ x: q.x * t.k + t.x, y: q.y * t.k + t.y });
    const rest = frame.rest;
    const p = toScreen(progress >= 1 ? (rest?.badge ?? frame.at) : pointAlong(frame.motion ?? frame.path, easeInOut(progress)));
    // the trail of this step
    if (frame.path.length > 1) {
      ctx.strokeStyle = frame.leg === 'reply' ? colors.reply : colors.request;
      ctx.globalAlpha = 0.35;
      ctx.lineWidth = 3;
      ctx.setLineDash([6, 5]);
      ctx.beginPath();
      frame.path.map(toScreen).forEach((q, i) => (i ? ctx.lineTo(q.x, q.y) : ctx.moveTo(q.x, q.y)));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    }
    // at rest beside the element: a leader from the element's edge to the badge, so it is clear whose it is
    const on = progress >= 1 && rest ? toScreen(rest.on) : undefined;
    if (on) {
      ctx.strokeStyle = frame.leg === 'reply' ? colors.reply : colors.request;
      ctx.fillStyle = ctx.strokeStyle;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(on.x, on.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(on.x, on.y, 3, 0, Math.PI * 2);
      ctx.fill();
    }
    const box = drawPacket(p.x, p.y);
    // where the packet rests (canvas CSS pixels): a test checks it sits on the device its hop names, and
    // that its badge covers none of the picture's text
    if (progress >= 1) {
      const at = on ?? p;
      canvas.dataset.packetAt = `${Math.round(at.x)},${Math.round(at.y)}`;
      canvas.dataset.badgeBox = box.map(Math.round).join(',');
    }
    if (frame.drop && progress >= 1) drawDrop(p.x, p.y, frame.drop);
  }

  function drawMessage() {
    if (!msg) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const toScreen = (q: { x: number; y: number }) => ({ x: q.x * t.k + t.x, y: q.y * t.k + t.y });
    const col = msg.kind === 'WITHDRAW' ? colors.withdraw : colors.update;
    // the session line it travels, lit
    ctx.strokeStyle = col;
    ctx.globalAlpha = 0.45;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    msg.path.map(toScreen).forEach((q, i) => (i ? ctx.lineTo(q.x, q.y) : ctx.moveTo(q.x, q.y)));
    ctx.stroke();
    ctx.globalAlpha = 1;
    const p = toScreen(pointAlong(msg.path, easeInOut(msgProgress)));
    ctx.fillStyle = col;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(p.x, p.y, 6, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    ctx.font = `600 ${12 * ts}px system-ui, sans-serif`;
    const tw = ctx.measureText(msg.label).width;
    ctx.fillStyle = colors.textBg;
    roundRect(p.x + 9, p.y - 9 * ts, tw + 6, 18 * ts, 3);
    ctx.fill();
    ctx.fillStyle = col;
    ctx.fillText(msg.label, p.x + 12, p.y + 4 * ts);
  }

  /** The rings around (x, y); returns the outermost one's box [x, y, w, h]. */
  function drawPacket(x: number, y: number): number[] {
    const rings = frame!.rings;
    const core = rings[rings.length - 1];
    const n = rings.length;
    // zoomed out below 1:1 the gaps between cards shrink, and the badge with them (never below 60%)
    const zs = Math.max(0.6, Math.min(1, t.k));
    const coreW = 16 * zs;
    const coreH = 10 * zs;
    // 4 px a ring, less when there are many (VXLAN's six): never wider than the gap it rests in allows
    const step = Math.min(4, (BADGE_MAX_W - 16) / 2 / Math.max(1, n - 1)) * zs;
    let outer: number[] = [x - coreW / 2, y - coreH / 2, coreW, coreH];
    // outermost ring first (biggest), inner ones on top
    for (let i = 0; i < n; i++) {
      const r = rings[i];
      const pad = (n - 1 - i) * step;
      const rw = coreW + pad * 2;
      const rh = coreH + pad * 2;
      ctx.fillStyle = colors.ring[r.kind];
      ctx.strokeStyle = r.encap ? '#ffffff' : 'rgba(0,0,0,0.4)';
      ctx.lineWidth = r.encap ? 1.5 : 1;
      roundRect(x - rw / 2, y - rh / 2, rw, rh, 3);
      ctx.fill();
      ctx.stroke();
      if (i === 0) outer = [x - rw / 2, y - rh / 2, rw, rh];
    }
    void core;
    drawHeaders(rings);
    return outer;
  }

  /** The header stack, outermost first, in a corner of the canvas: beside the packet it sat on the device
   *  names it passes; in the corner it hides nothing the packet is at. A swatch per header in its ring colour. */
  function drawHeaders(rings: PacketFrame['rings']) {
    const names = rings.map((r) => r.label.split(' ')[0]);
    ctx.font = `600 ${13 * ts}px system-ui, sans-serif`;
    const sep = ' › ';
    const sepW = ctx.measureText(sep).width;
    const widths = names.map((n) => ctx.measureText(n).width + 14 * ts);
    const tw = widths.reduce((a, b) => a + b, 0) + sepW * (names.length - 1);
    const bw = tw + 14;
    const bh = 26 * ts;
    const { x: x0, y: y0 } = freeCorner(bw, bh);
    canvas.dataset.headers = names.join(sep);
    canvas.dataset.headersBox = [x0, y0, bw, bh].map(Math.round).join(',');
    ctx.fillStyle = colors.textBg;
    roundRect(x0, y0, bw, bh, 5);
    ctx.fill();
    ctx.strokeStyle = frame!.leg === 'reply' ? colors.reply : colors.request;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    let x = x0 + 7;
    names.forEach((n, i) => {
      ctx.fillStyle = colors.ring[rings[i].kind];
      roundRect(x, y0 + 8 * ts, 10 * ts, 10 * ts, 2);
      ctx.fill();
      ctx.fillStyle = colors.text;
      ctx.fillText(n, x + 14 * ts, y0 + 18 * ts);
      x += widths[i];
      if (i < names.length - 1) {
        ctx.fillStyle = colors.text;
        ctx.fillText(sep, x, y0 + 18 * ts);
        x += sepW;
      }
    });
  }

  /** The corner (bottom-right, bottom-left, top-left, top-right below the zoom buttons) whose box covers
   *  the least of the picture's cards and bars as they are on screen now. */
  function freeCorner(bw: number, bh: number): { x: number; y: number } {
    // while panning or zooming, measured again at most every 300 ms (reading every text's box is not free)
    if (corner && corner.bw === bw && corner.bh === bh && (!corner.stale || performance.now() - corner.at < 300)) return corner;
    const m = 8;
    const corners = [
      { x: w - bw - m, y: h - bh - m },
      { x: m, y: h - bh - m },
      { x: m, y: m },
      { x: w - bw - m, y: 44 },
    ].map((c) => ({ x: Math.max(4, c.x), y: Math.max(4, c.y) }));
    const taken = readObstacles();
    const covered = (c: { x: number; y: number }) =>
      taken.reduce((sum, o) => sum + Math.max(0, Math.min(c.x + bw, o.x + o.w) - Math.max(c.x, o.x)) * Math.max(0, Math.min(c.y + bh, o.y + o.h) - Math.max(c.y, o.y)), 0);
    let best = corners[0];
    let bestArea = covered(best);
    for (const c of corners.slice(1)) {
      if (bestArea === 0) break;
      const a = covered(c);
      if (a < bestArea) [best, bestArea] = [c, a];
    }
    corner = { ...best, bw, bh, at: performance.now(), stale: false };
    return best;
  }

  /** The ✕ where the packet died and why, kept inside the canvas: below the mark, or above it near the
   *  bottom edge, shifted left or right near the sides, and on two lines when one would not fit. */
  function drawDrop(x: number, y: number, why: string) {
    ctx.strokeStyle = colors.drop;
    ctx.lineWidth = 4;
    ctx.beginPath();
    ctx.moveTo(x - 12, y - 12);
    ctx.lineTo(x + 12, y + 12);
    ctx.moveTo(x + 12, y - 12);
    ctx.lineTo(x - 12, y + 12);
    ctx.stroke();
    ctx.font = `600 ${13 * ts}px system-ui, sans-serif`;
    const lines = wrapText(why.length > 160 ? why.slice(0, 159) + '…' : why, Math.max(120, Math.min(w - 24, 460 * ts)));
    const lh = 17 * ts;
    const bw = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 12;
    const bh = lines.length * lh + 6;
    const bx = Math.min(Math.max(4, x - bw / 2), Math.max(4, w - bw - 4));
    const below = y + 18 + bh <= h - 4;
    const by = below ? y + 18 : Math.max(4, y - 18 - bh);
    canvas.dataset.dropBox = [bx, by, bw, bh].map(Math.round).join(',');
    ctx.fillStyle = colors.textBg;
    roundRect(bx, by, bw, bh, 4);
    ctx.fill();
    ctx.strokeStyle = colors.drop;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.fillStyle = colors.drop;
    lines.forEach((l, i) => ctx.fillText(l, bx + 6, by + 3 + lh * (i + 1) - 4));
  }

  /** words into lines no wider than max (at the current font); a word longer than a line stays whole */
  function wrapText(text: string, max: number): string[] {
    const out: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && ctx.measureText(next).width > max) {
        out.push(line);
        line = word;
      } else line = next;
    }
    if (line) out.push(line);
    return out;
  }

  function roundRect(x: number, y: number, rw: number, rh: number, r: number) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + rw, y, x + rw, y + rh, r);
    ctx.arcTo(x + rw, y + rh, x, y + rh, r);
    ctx.arcTo(x, y + rh, x, y, r);
    ctx.arcTo(x, y, x + rw, y, r);
    ctx.closePath();
  }

  return {
    refreshColors() {
      colors = colorsFrom(canvas);
      draw();
    },
    show(f, opts = {}) {
      cancelAnimationFrame(raf);
      corner = undefined;
      frame = f;
      if (!f || opts.instant || f.path.length < 2) {
        progress = 1;
        draw();
        opts.onDone?.();
        return;
      }
      const dur = opts.durationMs ?? 500;
      const start = performance.now();
      progress = 0;
      const tick = (now: number) => {
        progress = Math.min(1, (now - start) / dur);
        draw();
        if (progress < 1) raf = requestAnimationFrame(tick);
        else opts.onDone?.();
      };
      raf = requestAnimationFrame(tick);
    },
    showMessage(m, opts = {}) {
      cancelAnimationFrame(msgRaf);
      msg = m;
      if (!m || m.path.length < 2) {
        msgProgress = 1;
        draw();
        return;
      }
      const dur = opts.durationMs ?? 600;
      const start = performance.now();
      msgProgress = 0;
      const tick = (now: number) => {
        msgProgress = Math.min(1, (now - start) / dur);
        // the packet's own animation redraws too; one full redraw per frame keeps both in step
        draw();
        if (msgProgress < 1) msgRaf = requestAnimationFrame(tick);
      };
      msgRaf = requestAnimationFrame(tick);
    },
    setObstacles(read) {
      readObstacles = read;
      corner = undefined;
    },
    setTransform(nt) {
      t = nt;
      if (corner) corner.stale = true;
      if (progress >= 1 && msgProgress >= 1) draw();
    },
    setTextScale(x) {
      if (x === ts) return;
      ts = x;
      if (progress >= 1 && msgProgress >= 1) draw();
    },
    resize(nw, nh) {
      dpr = window.devicePixelRatio || 1;
      w = nw;
      h = nh;
      canvas.width = Math.round(nw * dpr);
      canvas.height = Math.round(nh * dpr);
      canvas.style.width = `${nw}px`;
      canvas.style.height = `${nh}px`;
      draw();
    },
    destroy() {
      cancelAnimationFrame(raf);
      cancelAnimationFrame(msgRaf);
      frame = undefined;
      msg = undefined;
      ctx.clearRect(0, 0, canvas.width, canvas.height);
    },
  };
}

function easeInOut(x: number): number {
  return x < 0.5 ? 2 * x * x : 1 - (-2 * x + 2) ** 2 / 2;
}
