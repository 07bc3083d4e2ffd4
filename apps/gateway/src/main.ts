import { runService } from '@flowguard/service-kit';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';
import { configureHttp } from './http/configure-http';

runService('gateway', () => {
  const config = loadGatewayConfig();
  return {
    config,
    module: GatewayModule.register(config),
    bodyParser: false,
    configure: (app) => configureHttp(app, config),
  };
});
