// Numbers in the page's language (Intl): "0,29 km" and "1.234" in Italian, "0.29 km" and "1,234" in English.
// Dates: formatDate (status-badge.tsx), also Intl.

/** The Intl locale of the page's language. */
export function intlLocale(language: string): string {
  return language === 'en' ? 'en-GB' : 'it-IT';
}

export function formatNumber(
  value: number,
  language: string,
  options: Intl.NumberFormatOptions = {},
): string {
  return new Intl.NumberFormat(intlLocale(language), options).format(value);
}

/** Kilometres with two decimals: 290 m → "0,29" (it), "0.29" (en). */
export function formatKm(metres: number, language: string): string {
  return formatNumber(metres / 1000, language, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
}
