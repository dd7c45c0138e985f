import { currentLanguage } from '../i18n';

export function formatPrice(price: number, currency: string, isFree: boolean, freeLabel: string): string {
  if (isFree || price === 0) return freeLabel;
  try {
    return new Intl.NumberFormat(currentLanguage(), { style: 'currency', currency }).format(price);
  } catch {
    return `${price} ${currency}`;
  }
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium' }).format(d);
}

export function formatNumber(n: number, digits = 1): string {
  return new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: digits }).format(n);
}
