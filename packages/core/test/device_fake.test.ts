/**
 * The accelerator plumbing (backend/device.ts) on a stand-in device whose blocks are host
 * memory: transfers, dispatch, host fallbacks and device errors are tested on any machine. The
 * stand-in takes the 'cuda' slot of the dispatch table, so this file must run in its own
 * process (vitest's forks pool gives each file one).
 */
import { beforeAll, describe } from 'vitest';
import * as torch from '@tensile/core';
import { deviceSuite, multiDeviceSuite, registerStandInDevice } from './device_suite';

describe.skipIf(torch.cuda.isAvailable())('a stand-in device through the accelerator backend', () => {
  beforeAll(registerStandInDevice);
  deviceSuite('cuda');
  multiDeviceSuite();
});
