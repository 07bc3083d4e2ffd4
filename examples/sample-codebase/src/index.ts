import express from 'express';
import { invoiceRoutes } from './routes';
import { InvoiceStore } from './store';

export function createApp(store = new InvoiceStore()) {
  const app = express();
  app.use(express.json());
  app.use(invoiceRoutes(store));
  return app;
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3500);
  createApp().listen(port, () => console.log(`invoice-service on http://127.0.0.1:${port}`));
}
