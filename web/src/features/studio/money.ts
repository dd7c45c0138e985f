import { currentLanguage } from '../../i18n';

/** An amount in a currency, zero included ("$0.00", not "free": revenue is not a price). */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(currentLanguage(), { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
