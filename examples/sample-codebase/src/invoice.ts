import { roundHalfUp, type Cents } from './money';
import { taxRateFor } from './tax';

export interface LineItem {
  description: string;
  quantity: number;
  unitPrice: Cents;
}

export interface Invoice {
  id: string;
  customerId: string;
  country: string;
  status: 'draft' | 'finalised';
  lines: LineItem[];
  createdAt: Date;
}

export interface InvoiceTotals {
  subtotal: Cents;
  tax: Cents;
  total: Cents;
}

export function subtotalOf(invoice: Invoice): Cents {
  return invoice.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
}

export function totalsOf(invoice: Invoice): InvoiceTotals {
  const subtotal = subtotalOf(invoice);
  const tax = roundHalfUp(subtotal * taxRateFor(invoice.country));
  return { subtotal, tax, total: subtotal + tax };
}

export function finalise(invoice: Invoice): Invoice {
  if (invoice.status === 'finalised') throw new Error(`invoice ${invoice.id} is already finalised`);
  if (invoice.lines.length === 0) throw new Error(`invoice ${invoice.id} has no lines`);
  return { ...invoice, status: 'finalised' };
}
