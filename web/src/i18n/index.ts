// i18next with English bundled and Russian loaded on demand. The chosen language is kept in
// localStorage (a preference, not a secret), sets <html lang> and the API's Accept-Language.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en/translation.json';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'practicum.lang';

const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: unknown }>> = {
  ru: () => import('../locales/ru/translation.json'),
};

function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function detectLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    /* storage blocked: fall through */
  }
  const nav = globalThis.navigator?.language?.slice(0, 2);
  return isLanguage(nav) ? nav : 'en';
}

export async function initI18n(lng: Language = detectLanguage()): Promise<typeof i18n> {
  if (!i18n.isInitialized) {
    await i18n.use(initReactI18next).init({
      resources: { en: { translation: en } },
      lng: 'en',
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  if (lng !== i18n.language) await setLanguage(lng, false);
  return i18n;
}

export async function setLanguage(lng: Language, remember = true): Promise<void> {
  if (lng !== 'en' && !i18n.hasResourceBundle(lng, 'translation')) {
    const mod = await loaders[lng]();
    i18n.addResourceBundle(lng, 'translation', mod.default, true, true);
  }
  if (remember) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, lng);
    } catch {
      /* ignore */
    }
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
  await i18n.changeLanguage(lng);
}

export function currentLanguage(): Language {
  const l = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(l) ? l : 'en';
}

/** The Accept-Language the API gets: the UI language first, English as the fallback. */
export function acceptLanguage(): string {
  const l = currentLanguage();
  return l === 'en' ? 'en' : `${l}, en;q=0.5`;
}

export { i18n };
