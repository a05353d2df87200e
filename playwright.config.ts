import { defineConfig } from '@playwright/test';

// CNI_LAB_E2E_PORT lets two checkouts run their browser tests side by side.
const port = Number(process.env.CNI_LAB_E2E_PORT ?? 4173);

// Debian's chromium (the test tool cannot download a browser here), one worker, reduced motion.
// The app is served by `vite preview` from the production build made by `npm test` before this runs.
export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  timeout: 60_000,
  expect: {
    timeout: 10_000,
    // e2e/screenshots.spec.ts: committed pictures, compared with room for anti-aliasing; no animation, no caret
    toHaveScreenshot: { maxDiffPixelRatio: 0.01, animations: 'disabled', caret: 'hide', scale: 'css' },
  },
  // one picture per name, whatever the platform (the suite runs on Debian's chromium only)
  snapshotPathTemplate: '{testDir}/screenshots/{arg}{ext}',
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 720 },
    // the first-visit callout (src/ui/FirstVisit.tsx) starts dismissed, so it covers nothing a spec clicks;
    // e2e/first-visit.spec.ts starts from empty storage instead
    storageState: { cookies: [], origins: [{ origin: `http://127.0.0.1:${port}`, localStorage: [{ name: 'cni-lab:intro-dismissed', value: '1' }] }] },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
