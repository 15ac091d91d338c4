#!/usr/bin/env node
// Writes examples/data/credit.csv: a synthetic, seeded credit-risk table (no real people) for
// examples/tabular_classifier.mjs. Numeric columns (age, income, debt_ratio, years_employed),
// categorical columns (employment, housing) and a 3-class label (risk: low / medium / high)
// drawn from a noisy score of the features, so a small MLP can learn it but not perfectly.
//   node examples/data/make_credit_csv.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// mulberry32: a tiny seeded PRNG, so the file is the same on every run
let seed = 20240607;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const pick = (options, weights) => {
  let r = rand() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < options.length; i++) if ((r -= weights[i]) < 0) return options[i];
  return options[options.length - 1];
};

const employmentRisk = { salaried: -0.6, 'self-employed': 0.2, unemployed: 1.6, student: 0.7 };
const housingRisk = { own: -0.7, mortgage: -0.1, rent: 0.5 };
const rows = ['age,income,debt_ratio,years_employed,employment,housing,risk'];
for (let i = 0; i < 800; i++) {
  const age = Math.round(Math.min(75, Math.max(18, 40 + 12 * normal())));
  const employment = pick(Object.keys(employmentRisk), [6, 2, 1, age < 28 ? 2 : 0.2]);
  const housing = pick(Object.keys(housingRisk), [age > 45 ? 4 : 1, 3, 3]);
  const income = Math.round(Math.max(8, (employment === 'unemployed' ? 15 : 45) + 15 * normal() + 0.4 * (age - 40)));
  const debtRatio = +Math.min(1.5, Math.max(0, 0.35 + 0.2 * normal())).toFixed(3);
  const years = employment === 'unemployed' || employment === 'student' ? 0 : Math.max(0, Math.round((age - 20) * rand()));
  const score = 3.2 * (debtRatio - 0.35) - 0.05 * (income - 45) - 0.06 * years + employmentRisk[employment] +
    housingRisk[housing] + 0.35 * normal();
  const risk = score < -0.6 ? 'low' : score < 0.6 ? 'medium' : 'high';
  rows.push([age, income, debtRatio, years, employment, housing, risk].join(','));
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'credit.csv');
writeFileSync(out, rows.join('\n') + '\n');
console.log(`wrote ${rows.length - 1} rows to ${out}`);
