import { ref } from 'vue'

// 适老化 large-text mode of the portal: fonts about 125% and stronger contrast, through the class
// `sx-large-text` on <html> (styles/main.css). The choice is kept in this browser.
const storageKey = 'sx.portal.largeText'
export const largeTextClass = 'sx-large-text'

function stored(): boolean {
  try {
    return localStorage.getItem(storageKey) === '1'
  } catch {
    return false // storage disabled: the mode lasts for the page load
  }
}

const enabled = ref(stored())

function apply(on: boolean) {
  document.documentElement.classList.toggle(largeTextClass, on)
}

export function useLargeText() {
  function set(on: boolean) {
    enabled.value = on
    try {
      if (on) localStorage.setItem(storageKey, '1')
      else localStorage.removeItem(storageKey)
    } catch {
      // not kept; still applied
    }
    apply(on)
  }

  return {
    enabled,
    toggle: () => set(!enabled.value),
    // The portal applies the stored choice when it opens and drops it when it closes (the
    // workbench keeps its own sizes).
    attach: () => apply(enabled.value),
    detach: () => apply(false),
  }
}
