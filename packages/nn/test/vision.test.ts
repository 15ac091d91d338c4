import { describe, test } from 'vitest';
import { checkCase, loadCases } from './heavy_golden';

describe('vision layers against PyTorch goldens', () => {
  for (const c of loadCases('heavy_vision.json')) test(c.name, () => checkCase(c));
});
