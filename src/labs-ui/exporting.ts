// Export the topology picture: the live SVG serialised with its computed paint inlined (the page's CSS
// variables do not travel with a standalone file), and a PNG drawn from that SVG through a canvas. The paint
// is written as SVG presentation attributes, not `style` attributes: the app's Content-Security-Policy
// refuses inline style attributes, and in a file with no stylesheet the two mean the same.

const PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'visibility', 'display'];

export function serializeSvg(svg: SVGSVGElement): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((el, i) => {
    const cs = getComputedStyle(el);
    for (const p of PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) (dst[i] as SVGElement).setAttribute(p, v);
    }
  });
  const width = svg.clientWidth || 800;
  const height = svg.clientHeight || 500;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const bg = getComputedStyle(svg.closest('.topology') ?? svg).backgroundColor;
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', bg);
  clone.insertBefore(rect, clone.firstChild);
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

export { saveFile as download } from '../ui/download';

export function svgBlob(svg: SVGSVGElement): Blob {
  return new Blob([serializeSvg(svg).text], { type: 'image/svg+xml' });
}

export async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const { text, width, height } = serializeSvg(svg);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((res, rej) => canvas.toBlob((b) => (b ? res(b) : rej(new Error('canvas is empty'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The iframe markup for a lab at a step, built from this page's own address and base path. */
export function embedSnippet(lab: string, step: number): string {
  const url = new URL(import.meta.env.BASE_URL, location.href);
  url.search = new URLSearchParams({ embed: '1', lab, step: String(step) }).toString();
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${esc(url.href)}" title="CNI Lab: ${esc(lab)}" width="800" height="500" style="border:0"></iframe>`;
}
