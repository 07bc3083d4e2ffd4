import { runService } from '@flowguard/service-kit';
import { loadClarifierConfig } from './config';
import { ClarifierModule } from './clarifier.module';

runService('clarifier', () => {
  const config = loadClarifierConfig();
  return { config, module: ClarifierModule.register(config) };
});
