import { runService } from '@flowguard/service-kit';
import { loadTicketGenConfig } from './config';
import { TicketGenModule } from './ticket-gen.module';

runService('ticket-gen', () => {
  const config = loadTicketGenConfig();
  return { config, module: TicketGenModule.register(config) };
});
