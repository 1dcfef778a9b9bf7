import { defaultClientConditions, defineConfig } from 'vite';

// Cross-origin isolation (COOP/COEP), so SharedArrayBuffer works in the worker if a backend
// wants threads. The built app is static files; these headers matter only to this server.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig(({ command }) => ({
  // Relative URLs: the built files work from any static host, in any subfolder.
  base: './',
  resolve: {
    // The dev server reads the workspace packages' TypeScript source; `vite build` bundles their
    // published builds (dist/), which `npm start` builds first — what users install.
    conditions:
      command === 'serve' ? ['source', ...defaultClientConditions] : [...defaultClientConditions],
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true, headers: isolation },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: isolation },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1024 },
}));
