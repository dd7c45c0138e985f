import { currentLanguage } from '../i18n';

// Building an Intl formatter is far slower than using one (a catalog page formats dozens of
// prices and ratings while it renders): keep one per language and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const lang = currentLanguage();
  const key = `${lang} ${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, options);
    numberFormats.set(key, f);
  }
  return f;
}

export function formatPrice(price: number, currency: string, isFree: boolean, freeLabel: string): string {
  if (isFree || price === 0) return freeLabel;
  try {
    return numberFormat({ style: 'currency', currency }).format(price);
  } catch {
    return `${price} ${currency}`;
  }
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const lang = currentLanguage();
  let f = dateFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
    dateFormats.set(lang, f);
  }
  return f.format(d);
}

export function formatNumber(n: number, digits = 1): string {
  return numberFormat({ maximumFractionDigits: digits }).format(n);
}
