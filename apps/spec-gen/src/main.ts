import { runService } from '@flowguard/service-kit';
import { loadSpecGenConfig } from './config';
import { SpecGenModule } from './spec-gen.module';

runService('spec-gen', () => {
  const config = loadSpecGenConfig();
  return { config, module: SpecGenModule.register(config) };
});
