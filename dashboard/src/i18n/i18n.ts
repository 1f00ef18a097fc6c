// i18next set-up. The language is the person's choice when they made one (the switch in the header,
// or ?lang=it|en in a link, e.g. from an English mail: both kept in localStorage), else the browser's
// (navigator.languages: the first of ours), else Italian. Mirrored on <html lang> so screen readers
// pronounce the page in the right language.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { it } from './it';

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'segnala.locale';

function isLocale(value: unknown): value is Locale {
  return value === 'it' || value === 'en';
}

/** The choice the person made (stored), or null when they never chose. */
export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** The first of the browser's languages that is ours ("en-GB" → en), or null. */
export function browserLocale(
  languages: readonly string[] = navigator.languages ?? [],
): Locale | null {
  for (const tag of languages) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return null;
}

/** ?lang= first (and remembered as a choice), then the stored choice, the browser's, Italian. */
export function initialLocale(search = window.location.search): Locale {
  const asked = new URLSearchParams(search).get('lang');
  if (isLocale(asked)) {
    try {
      localStorage.setItem(STORAGE_KEY, asked);
    } catch {
      // Private browsing may forbid storage; the link's language still applies to this page.
    }
    return asked;
  }
  return storedLocale() ?? browserLocale() ?? 'it';
}

export function setupI18n(): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { it: { translation: it }, en: { translation: en } },
    lng: initialLocale(),
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
