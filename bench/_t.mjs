import * as torch from '@tensile/core';
const t0 = performance.now();
const sd = torch.load(process.argv[2]);
console.log((performance.now() - t0).toFixed(0));
