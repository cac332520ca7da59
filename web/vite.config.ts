import { fileURLToPath, URL } from 'node:url'

import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig } from 'vite'

// The C++ server (`sanxiang serve`) answers these paths; `npm run dev` forwards them to it.
const backend = 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components and directives (v-loading) are imported where used, with their CSS,
    // so the bundle carries only what the pages need.
    Components({
      resolvers: [ElementPlusResolver()],
      dts: 'src/components.d.ts',
    }),
  ],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  build: {
    rolldownOptions: {
      output: {
        // Library code used by more than one page goes to one `vendor` chunk, except Element Plus
        // components: those are shared between the pages that use them (tables, forms and date
        // pickers load with the lists and the workbench, not with the portal's home page).
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: /[\\/]node_modules[\\/](?!element-plus[\\/](es[\\/]components|theme-chalk)[\\/]|echarts[\\/]|zrender[\\/])/,
              minShareCount: 2,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': backend,
      '/log': backend,
      '/healthz': backend,
    },
  },
})
