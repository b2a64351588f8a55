import { computed, reactive, readonly } from 'vue'
import { fetchMe, signOut as endSession, type Me } from '@/api/me'

interface SessionState {
  me: Me | null
  /** `true` once `/api/me` has answered (signed in or not). */
  loaded: boolean
}

/** sessionStorage key: where to go once the gateway's sign-in brings the browser back to `/`. */
export const AFTER_LOGIN = 'console.afterLogin'

/** The part of a caller the menu needs. */
export type RoleHolder = { readonly roles: readonly string[] }

const state = reactive<SessionState>({ me: null, loaded: false })
let loading: Promise<Me | null> | undefined

/** The console's one view of who is signed in; loaded once per page, cleared on sign-out. */
export const session = readonly(state)

export async function loadSession(force = false): Promise<Me | null> {
  if (state.loaded && !force) return state.me
  if (!loading || force) {
    loading = fetchMe()
      .then((me) => {
        state.me = me
        state.loaded = true
        return me
      })
      .finally(() => {
        loading = undefined
      })
  }
  return loading
}

/** For tests and for the sign-in page after the gateway's callback. */
export function setSession(me: Me | null): void {
  state.me = me
  state.loaded = true
}

export async function signOut(): Promise<void> {
  await endSession()
  setSession(null)
}

/** Whether the signed-in caller holds one of `roles` (no list: any signed-in caller). */
export function hasAnyRole(roles: readonly string[] | undefined, me: RoleHolder | null = state.me): boolean {
  if (!me) return false
  if (!roles || roles.length === 0) return true
  return me.roles.some((role) => roles.includes(role))
}

export const signedIn = computed(() => state.me !== null)
