import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach } from 'vitest'
import type { Component } from 'vue'
import { createMemoryHistory } from 'vue-router'
import type { Me } from '@/api/me'
import { createConsoleI18n } from '@/i18n'
import { createConsoleRouter } from '@/router'
import { setSession } from '@/session'

// every view mounted by a test is unmounted after it, so no late click of one test lands in the next
enableAutoUnmount(afterEach)

export const ADMIN: Me = { tenant: 'shushan', subject: 'u-admin', scopeUnit: null, roles: ['TENANT_ADMIN'], name: '管理员' }
export const OPERATOR: Me = { tenant: 'platform', subject: 'u-op', scopeUnit: null, roles: ['OPERATOR'], name: '运营' }
export const AGENT: Me = { tenant: 'shushan', subject: 'u-agent', scopeUnit: null, roles: ['AGENT'], name: '话务员一' }
export const UNIT: Me = { tenant: 'shushan', subject: 'u-unit', scopeUnit: 'unit:zjj', roles: ['UNIT_USER'], name: '住建局' }

/** Mounts a view as the console would show it to `me`, at `path`, attached to the document (dialogs teleport). */
export async function mountView(component: Component, options: { me?: Me | null; path?: string; props?: Record<string, unknown>; stubs?: Record<string, boolean> } = {}) {
  setSession(options.me === undefined ? ADMIN : options.me)
  const router = createConsoleRouter(createMemoryHistory())
  await router.push(options.path ?? '/')
  await router.isReady()
  const wrapper = mount(component, {
    attachTo: document.body,
    props: options.props,
    global: { plugins: [createConsoleI18n('zh-CN'), router], stubs: options.stubs },
  })
  await flushPromises()
  return { wrapper, router }
}

/** Waits for the view's calls and Element Plus' async validation to settle. */
export async function settle(rounds = 3) {
  for (let i = 0; i < rounds; i++) {
    await flushPromises()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}

/** Element inside the document (dialog contents are teleported out of the wrapper). */
export function inDocument(selector: string): HTMLElement | null {
  return document.body.querySelector(selector)
}

export async function typeInto(selector: string, value: string) {
  const input = inDocument(selector) as HTMLInputElement | HTMLTextAreaElement | null
  if (!input) throw new Error(`no ${selector}`)
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await settle(1)
}

export async function click(selector: string) {
  const element = inDocument(selector)
  if (!element) throw new Error(`no ${selector}`)
  element.click()
  await settle()
}

/** Element Plus shows a field's error 100 ms after validation failed (debounced). */
export async function settleValidation() {
  await settle()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await settle()
}
