import { computed } from 'vue'
import { useRoute } from 'vue-router'

import { useLargeText } from './largeText'

// The font size of a chart's labels: larger in the portal's 适老化 large-text mode (the workbench
// keeps its own sizes).
export function useChartFontSize() {
  const { enabled } = useLargeText()
  const route = useRoute()
  return computed(() => (enabled.value && !route.path.startsWith('/work') ? 16 : 12))
}

// Colours with enough contrast on white, for series and slices: the brand red first.
export const chartPalette = ['#b71c1c', '#1f5fa8', '#2e7d32', '#8a5300', '#6a1b9a', '#00695c', '#5c6370', '#ad1457']
export const chartTextColor = '#1f2329'
export const chartAxisColor = '#5c6370'
