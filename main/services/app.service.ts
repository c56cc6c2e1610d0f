import { appContract, type AppInfo } from '../../shared/contracts/app.contract';
import { registerService, type RegisteredService } from '../rpc/service';

export function createAppService(info: AppInfo): RegisteredService {
  return registerService(appContract, {
    info: async () => info,
    ping: async () => ({ at: Date.now() }),
  });
}
