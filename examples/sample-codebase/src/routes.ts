import { Router } from 'express';
import { finalise, totalsOf } from './invoice';
import type { InvoiceStore } from './store';

export function invoiceRoutes(store: InvoiceStore): Router {
  const router = Router();

  router.get('/invoices', (_req, res) => {
    res.json(store.list().map((invoice) => ({ ...invoice, totals: totalsOf(invoice) })));
  });

  router.post('/invoices', (req, res) => {
    const { customerId, country, lines } = req.body ?? {};
    if (typeof customerId !== 'string' || typeof country !== 'string' || !Array.isArray(lines)) {
      res.status(400).json({ error: 'customerId, country and lines are required' });
      return;
    }
    res.status(201).json(store.create(customerId, country, lines));
  });

  router.post('/invoices/:id/finalise', (req, res) => {
    const invoice = store.get(req.params.id);
    if (!invoice) {
      res.status(404).json({ error: 'no such invoice' });
      return;
    }
    try {
      const done = finalise(invoice);
      store.save(done);
      res.json({ ...done, totals: totalsOf(done) });
    } catch (err) {
      res.status(409).json({ error: (err as Error).message });
    }
  });

  return router;
}
