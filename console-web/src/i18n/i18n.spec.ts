import { beforeEach, describe, expect, it } from 'vitest'
import { createConsoleI18n, DEFAULT_LOCALE, LOCALE_STORAGE_KEY, setLocale } from '.'
import en from './en'
import zhCN from './zh-CN'

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([name, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${name}.`) : [`${prefix}${name}`],
  )
}

describe('console i18n', () => {
  beforeEach(() => {
    window.localStorage.clear()
    document.documentElement.lang = ''
  })

  it('starts in Chinese when the user never chose a language', () => {
    const i18n = createConsoleI18n()

    expect(i18n.global.locale.value).toBe(DEFAULT_LOCALE)
    expect(i18n.global.t('app.title')).toBe('政务热线云呼叫中心')
    expect(document.documentElement.lang).toBe('zh-CN')
  })

  it('switches to English, remembers the choice and marks the page language', () => {
    const i18n = createConsoleI18n()

    setLocale(i18n.global, 'en')

    expect(i18n.global.t('menu.supervisor')).toBe('Supervisor monitor')
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    expect(createConsoleI18n().global.t('app.title')).toBe('Government Hotline Cloud Contact Centre')
  })

  it('ignores a stored value that is not a supported language', () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'fr')

    expect(createConsoleI18n().global.locale.value).toBe('zh-CN')
  })

  it('interpolates parameters in both languages', () => {
    const i18n = createConsoleI18n('zh-CN')
    expect(i18n.global.t('status.latencyMs', { ms: 12 })).toBe('12 毫秒')
    setLocale(i18n.global, 'en')
    expect(i18n.global.t('status.latencyMs', { ms: 12 })).toBe('12 ms')
  })

  it('has an English text for every Chinese one', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })
})
