import { runService } from '@flowguard/service-kit';
import { loadHandoffConfig } from './config';
import { HandoffModule } from './handoff.module';

runService('handoff', () => {
  const config = loadHandoffConfig();
  return { config, module: HandoffModule.register(config) };
});
