import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createConsoleI18n } from '@/i18n'
import { createConsoleRouter } from '@/router'
import ConsoleLayout from './ConsoleLayout.vue'

async function mountLayout(path = '/') {
  const router = createConsoleRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  const wrapper = mount(ConsoleLayout, { global: { plugins: [createConsoleI18n('zh-CN'), router] } })
  await flushPromises()
  return { wrapper, router }
}

describe('ConsoleLayout', () => {
  beforeEach(() => {
    window.localStorage.clear()
  })

  it('shows the product name, a tenant placeholder and every section in Chinese', async () => {
    const { wrapper, router } = await mountLayout()

    expect(router.currentRoute.value.path).toBe('/agent')
    expect(wrapper.get('[data-test="product-name"]').text()).toBe('政务热线云呼叫中心')
    expect(wrapper.get('[data-test="tenant"]').text()).toContain('未选择租户')
    const items = wrapper.findAll('.el-menu-item').map((item) => item.text())
    expect(items).toEqual(['坐席工作台', '班长监控', '工单', '知识库', '报表', '租户管理', '平台运营', '系统状态'])
    expect(wrapper.get('h2').text()).toBe('坐席工作台')
  })

  it('switches the whole layout to English from the header', async () => {
    const { wrapper } = await mountLayout('/tickets')

    await wrapper.get('[data-test="language-switch"] input[value="en"]').setValue(true)

    expect(wrapper.get('[data-test="product-name"]').text()).toBe('Government Hotline Cloud Contact Centre')
    expect(wrapper.get('[data-test="menu-tenantAdmin"]').text()).toBe('Tenant admin')
    expect(wrapper.get('h2').text()).toBe('Tickets')
    expect(document.documentElement.lang).toBe('en')
  })

  it('navigates to a section from the menu', async () => {
    const { wrapper, router } = await mountLayout('/agent')

    await wrapper.get('[data-test="menu-knowledge"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.path).toBe('/knowledge')
    expect(wrapper.get('h2').text()).toBe('知识库')
  })
})
