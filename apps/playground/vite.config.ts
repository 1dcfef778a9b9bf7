import { defineConfig } from 'vite';

// Cross-origin isolation (COOP/COEP) so SharedArrayBuffer + Atomics work in workers.
const coi = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, strictPort: true, headers: coi },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: coi },
  worker: { format: 'es' },
});
