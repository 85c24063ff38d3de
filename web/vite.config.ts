import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C++ server serves dist/ on the same port as the API; in development Vite forwards the API.
const server = 'http://127.0.0.1:8080'
const proxy = { '/api': server, '/healthz': server }

export default defineConfig({
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      output: {
        // Libraries change less often than our code: keep them in their own cacheable chunks.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined
          if (/node_modules\/(element-plus|@element-plus|@floating-ui|@popperjs)\//.test(id))
            return 'element-plus'
          // Charts are drawn on the report pages only, which load lazily: keep them out of the start.
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts'
          return 'vendor'
        },
      },
    },
  },
})
