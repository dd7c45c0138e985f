// i18next with English bundled and Russian loaded on demand. The chosen language is kept in
// localStorage (a preference, not a secret), sets <html lang> and the API's Accept-Language.
//
// The strings of the staff areas (studio, producer, admin console) are sections of their
// own (`src/locales/{en,ru}/{studio,producer,console}.json`), loaded with those areas'
// pages (`withSections`), so a learner's first screen does not download or evaluate them.
// Their keys keep their feature prefix (`studio.*`): one `t` and one namespace everywhere.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en/translation.json';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'practicum.lang';

/** Strings loaded on demand: the main bundle of a language, or a staff area's section. */
export const SECTIONS = ['console', 'producer', 'studio'] as const;
export type Section = (typeof SECTIONS)[number];
type Strings = () => Promise<{ default: unknown }>;

const loaders: Record<Language, Record<'translation' | Section, Strings | null>> = {
  en: {
    translation: null,
    console: () => import('../locales/en/console.json'),
    producer: () => import('../locales/en/producer.json'),
    studio: () => import('../locales/en/studio.json'),
  },
  ru: {
    translation: () => import('../locales/ru/translation.json'),
    console: () => import('../locales/ru/console.json'),
    producer: () => import('../locales/ru/producer.json'),
    studio: () => import('../locales/ru/studio.json'),
  },
};
/** `${language}:${part}` already added to i18next. */
const added = new Set<string>(['en:translation']);
/** The sections some page asked for: a language switch loads them in the new language too. */
const wanted = new Set<Section>();

async function add(lng: Language, part: 'translation' | Section): Promise<void> {
  const load = loaders[lng][part];
  if (added.has(`${lng}:${part}`) || !load) return;
  const mod = await load();
  i18n.addResourceBundle(lng, 'translation', mod.default, true, true);
  added.add(`${lng}:${part}`);
}

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
  await Promise.all([add(lng, 'translation'), ...[...wanted].map((s) => add(lng, s))]);
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

/** Adds these sections' strings in the UI language and in English (the fallback). */
export async function loadSections(...sections: Section[]): Promise<void> {
  for (const s of sections) wanted.add(s);
  const languages = new Set<Language>(['en', currentLanguage()]);
  await Promise.all([...languages].flatMap((l) => sections.map((s) => add(l, s))));
}

/**
 * A page module that renders only once its sections' strings are there: `lazyPage(() =>
 * withSections(import('./routes/Page'), 'studio'))` fetches both at once.
 */
export async function withSections<M>(page: Promise<M>, ...sections: Section[]): Promise<M> {
  const [mod] = await Promise.all([page, loadSections(...sections)]);
  return mod;
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
