/** nn and optim on a real GPU; skipped where `torch.cuda.isAvailable()` is false. */
import { describe } from 'vitest';
import * as torch from '@tensile/core';
import { deviceNnSuite, multiDeviceNnSuite } from './device_nn_suite';

describe.skipIf(!torch.cuda.isAvailable())('nn and optim on CUDA', () => {
  deviceNnSuite();
});

describe.skipIf(torch.cuda.deviceCount() < 2)('nn on a second GPU', () => {
  multiDeviceNnSuite();
});
