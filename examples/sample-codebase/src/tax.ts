/** VAT / sales tax rates by ISO country code; unknown countries pay none. */
const RATES: Record<string, number> = {
  DE: 0.19,
  FR: 0.2,
  GB: 0.2,
  NL: 0.21,
  US: 0,
};

export function taxRateFor(country: string): number {
  return RATES[country.toUpperCase()] ?? 0;
}

export const TAXED_COUNTRIES = Object.keys(RATES).filter((c) => RATES[c] > 0);
