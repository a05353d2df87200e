/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The built app's Content-Security-Policy, as a <meta> in index.html so that it holds on any static host.
 * Nothing inline runs (no 'unsafe-inline' for scripts or style attributes); everything loads from the app's
 * own origin; images may be data:/blob: (the PNG export draws an SVG blob). `frame-ancestors` cannot be set
 * from a <meta> (browsers ignore it there), which is what lets any docs site frame the embed; a host that
 * wants to restrict framing sends it as a header. Only in builds: the dev server injects an inline script.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'cni-lab-csp',
    apply: 'build',
    // right after <meta charset>: before any script or stylesheet it governs
    transformIndexHtml: (html) => html.replace(/(<meta charset="UTF-8" \/>)/, `$1\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

// CNI_LAB_BASE sets the public base path for static hosting under a sub-path (docs embedding).
export default defineConfig({
  base: process.env.CNI_LAB_BASE ?? '/',
  plugins: [react(), contentSecurityPolicy()],
  // the lab worker (src/worker) is an ES module worker, so it can load the core's lazy chunks as the page does
  worker: { format: 'es' },
  test: {
    globals: true,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Property tests walk hundreds of generated clusters: seconds on a busy 2-core machine, not a hang.
    testTimeout: 30_000,
  },
});
