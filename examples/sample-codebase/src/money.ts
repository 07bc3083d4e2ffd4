/** Amounts are integers in cents; every rounding goes through here. */
export type Cents = number;

export function roundHalfUp(value: number): Cents {
  return Math.sign(value) * Math.floor(Math.abs(value) + 0.5);
}

export function formatCents(amount: Cents, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
}
