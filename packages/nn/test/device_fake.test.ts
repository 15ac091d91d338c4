/**
 * nn and optim on a stand-in device whose memory is host memory (see core's
 * device_fake.test.ts): Module.to, the nn kernels' device entries and host fallback, and the
 * fused optimizer steps are checked on any machine. Runs in its own process: the stand-in
 * takes the 'cuda' slot.
 */
import { beforeAll, describe } from 'vitest';
import * as torch from '@tensile/core';
import { registerStandInDevice } from '../../core/test/device_suite';
import { deviceNnSuite, multiDeviceNnSuite } from './device_nn_suite';

describe.skipIf(torch.cuda.isAvailable())('nn and optim on a stand-in device', () => {
  beforeAll(registerStandInDevice);
  deviceNnSuite();
  multiDeviceNnSuite();
});
