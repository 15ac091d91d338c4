import { DataLoader } from '@tensile/data';
import { BusyDataset } from './data.mjs';
const busy = new BusyDataset(2000, 2);
for (let r = 0; r < 2; r++) {
  const t0 = performance.now();
  let k = 0; const marks = [];
  for await (const [x] of new DataLoader(busy, { batchSize: 64, numWorkers: 2 })) { marks.push(Math.round(performance.now() - t0)); k++; }
  console.log(marks.join(' '));
}
