import { ElMessage } from 'element-plus'
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { describeError, fieldErrors, type FieldError } from '@/api/problems'
import { session } from '@/session'

/**
 * Runs the calls of a view: `busy` while one runs (for `v-loading` and button spinners), a failure shown as the
 * problem detail's message in the console's language (and kept in `error` / `fieldErrors` for the view).
 */
export function useAction() {
  const { t, te } = useI18n()
  const busy = ref(0)
  const error = ref<string>()
  const errors = ref<FieldError[]>([])

  async function run<T>(call: () => Promise<T>, success?: string): Promise<T | undefined> {
    busy.value++
    error.value = undefined
    errors.value = []
    try {
      const result = await call()
      if (success) ElMessage.success(success)
      return result
    } catch (failure) {
      error.value = describeError(failure, t, te)
      errors.value = fieldErrors(failure)
      ElMessage.error({ message: error.value, duration: 6000 })
      return undefined
    } finally {
      busy.value--
    }
  }

  return { run, busy: computed(() => busy.value > 0), error, fieldErrors: errors }
}

/** The signed-in caller's tenant slug (views of a tenant are only routed to for signed-in tenant users). */
export function useTenant() {
  return computed(() => session.me?.tenant ?? '')
}
