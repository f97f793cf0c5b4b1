// Vite settings for the dashboard: a static build served by the apiserver under /ui/ (hashed files in
// assets/, cached for long), Preact as the view library, nothing fetched from a CDN at build or run time.
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false, prerender: { enabled: false } })],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
  },
});
