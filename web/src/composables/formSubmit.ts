import type { FormInstance } from 'element-plus'
import { ref, useTemplateRef } from 'vue'

import { errorMessage } from '@/api/client'

// The el-form with ref="<refKey>": submitting validates it, then runs the action once at a time;
// a failure leaves the server's problem detail in `error`, for an el-alert.
export function useFormSubmit(refKey: string) {
  const formRef = useTemplateRef<FormInstance>(refKey)
  const submitting = ref(false)
  const error = ref<string>()

  // The action may also set `error` itself, for a problem it finds before sending anything.
  async function submit(action: () => Promise<void>): Promise<void> {
    if (submitting.value || !formRef.value) return
    const valid = await formRef.value.validate().catch(() => false)
    if (!valid) return
    submitting.value = true
    error.value = undefined
    try {
      await action()
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      submitting.value = false
    }
  }

  // For a form that is emptied or refilled: no message, no field marked invalid.
  function clearErrors() {
    error.value = undefined
    formRef.value?.clearValidate()
  }

  return { submitting, error, submit, clearErrors }
}
