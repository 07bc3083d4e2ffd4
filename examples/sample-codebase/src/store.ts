import { randomUUID } from 'node:crypto';
import type { Invoice, LineItem } from './invoice';

/** In memory for now; a database is a separate project. */
export class InvoiceStore {
  private readonly invoices = new Map<string, Invoice>();

  create(customerId: string, country: string, lines: LineItem[]): Invoice {
    const invoice: Invoice = { id: randomUUID(), customerId, country, status: 'draft', lines, createdAt: new Date() };
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }

  get(id: string): Invoice | undefined {
    return this.invoices.get(id);
  }

  save(invoice: Invoice): void {
    this.invoices.set(invoice.id, invoice);
  }

  list(): Invoice[] {
    return [...this.invoices.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }
}
