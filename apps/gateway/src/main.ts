import { runService } from '@flowguard/service-kit';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

runService('gateway', () => {
  const config = loadGatewayConfig();
  return { config, module: GatewayModule.register(config) };
});
