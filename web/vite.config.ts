// Vite build for the samenbord web client: Preact JSX via esbuild, Automerge's
// wasm via vite-plugin-wasm (top-level await needs an esnext target), and a
// dev proxy to the Rust server for /api and /sync.
import { defineConfig } from 'vite';
import wasm from 'vite-plugin-wasm';

const server = process.env.SAMENBORD_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [wasm()],
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { target: 'esnext', outDir: 'dist', chunkSizeWarningLimit: 4000 },
  optimizeDeps: { exclude: ['@automerge/automerge'], esbuildOptions: { target: 'esnext' } },
  worker: { format: 'es', plugins: () => [wasm()] },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/sync': { target: server.replace(/^http/, 'ws'), ws: true, changeOrigin: true },
    },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
