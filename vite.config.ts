/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// CNI_LAB_BASE sets the public base path for static hosting under a sub-path (docs embedding).
export default defineConfig({
  base: process.env.CNI_LAB_BASE ?? '/',
  plugins: [react()],
  test: {
    globals: true,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Property tests walk hundreds of generated clusters: seconds on a busy 2-core machine, not a hang.
    testTimeout: 30_000,
  },
});
