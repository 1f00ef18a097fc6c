// i18next set-up: Italian by default, English on request; the choice is kept in localStorage and
// mirrored on <html lang> so screen readers pronounce the page in the right language.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { it } from './it';

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'segnala.locale';

export function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'it';
  } catch {
    return 'it';
  }
}

export function setupI18n(): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { it: { translation: it }, en: { translation: en } },
    lng: storedLocale(),
    fallbackLng: 'it',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = instance.language;
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      // Private browsing may forbid storage; the switch still works for this page.
    }
  });
  return instance;
}
