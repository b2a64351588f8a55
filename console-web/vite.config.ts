import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// Where `npm run dev` sends API, actuator and WebSocket calls: the gateway of a local run.
const gateway = process.env.CONSOLE_GATEWAY ?? 'http://127.0.0.1:18080'

export default defineConfig({
  plugins: [vue()],
  define: {
    // vue-i18n feature flags: Composition API only, no devtools hooks in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  // Served by the gateway from classpath:/static/ at the site root; routes live in the hash.
  base: '/',
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // 360 安全浏览器 13 runs a Chromium 86 kernel; Vite's default baseline is Chrome 111.
    target: ['chrome86', 'edge88', 'firefox78', 'safari14'],
    // ECharts alone is ~500 kB; it loads only with the views that draw charts.
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
      '/actuator': { target: gateway, changeOrigin: false },
      '/ws': { target: gateway, ws: true, changeOrigin: false },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
    restoreMocks: true,
    // two shared cores: a view test that mounts Element Plus can take a few seconds when the machine is busy
    testTimeout: 30_000,
    unstubGlobals: true,
    // Element Plus imports async-validator's default export; run natively by Node that is the CommonJS module
    // object, so every form rule silently passed. Letting Vite transform Element Plus gives it the real class.
    server: { deps: { inline: ['element-plus'] } },
  },
})
