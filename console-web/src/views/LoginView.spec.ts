import { afterEach, describe, expect, it, vi } from 'vitest'
import { setSession } from '@/session'
import { click, mountView, settle, settleValidation, typeInto } from '@/testing/mountView'
import LoginView from './LoginView.vue'

describe('LoginView', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    window.localStorage.clear()
  })

  it('refuses a tenant code that is not a slug and goes nowhere', async () => {
    const navigate = vi.fn()
    await mountView(LoginView, { me: null, path: '/login', props: { navigate } })

    await typeInto('[data-test="login-tenant"]', 'Shu Shan')
    await click('[data-test="login-submit"]')
    await settleValidation()

    expect(navigate).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('租户代码为 3–32 位小写字母')
  })

  it('sends the browser to the gateway’s login entry of the tenant and remembers the tenant', async () => {
    const navigate = vi.fn()
    await mountView(LoginView, { me: null, path: '/login?redirect=/tickets', props: { navigate } })

    await typeInto('[data-test="login-tenant"]', 'xuzhou-yb')
    await click('[data-test="login-submit"]')
    await settle()

    expect(navigate).toHaveBeenCalledWith('/login/xuzhou-yb')
    expect(window.localStorage.getItem('console.lastTenant')).toBe('xuzhou-yb')
    expect(window.sessionStorage.getItem('console.afterLogin')).toBe('/tickets')
    setSession(null)
  })
})
