import type { Ref, WritableComputedRef } from 'vue'
import { createI18n, type I18n } from 'vue-i18n'
import en from './en'
import zhCN, { type MessageSchema } from './zh-CN'

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const
export type ConsoleLocale = (typeof SUPPORTED_LOCALES)[number]

export const DEFAULT_LOCALE: ConsoleLocale = 'zh-CN'
export const LOCALE_STORAGE_KEY = 'console.locale'

export type ConsoleI18n = I18n<{ 'zh-CN': MessageSchema; en: MessageSchema }, {}, {}, ConsoleLocale, false>

export function isSupportedLocale(value: unknown): value is ConsoleLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value)
}

function readStoredLocale(): ConsoleLocale {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY)
    return isSupportedLocale(stored) ? stored : DEFAULT_LOCALE
  } catch {
    // storage disabled by policy on some government PCs
    return DEFAULT_LOCALE
  }
}

/** Chinese unless the user chose English on this browser before; not taken from the browser's language. */
export function createConsoleI18n(locale: ConsoleLocale = readStoredLocale()): ConsoleI18n {
  const i18n = createI18n<[MessageSchema], ConsoleLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
  }) as ConsoleI18n
  document.documentElement.lang = locale
  return i18n
}

/** The part of a vue-i18n composer (`i18n.global` or `useI18n()`) that holds the language. */
export interface LocaleHolder {
  locale: Ref<string> | WritableComputedRef<string>
}

/** Switches the language, remembers it for the next visit and tells assistive technology. */
export function setLocale(composer: LocaleHolder, locale: ConsoleLocale): void {
  composer.locale.value = locale
  document.documentElement.lang = locale
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // the switch still holds for this page
  }
}
