/**
 * The host allocator's block cache (src/allocator.cc), through allocator_check.cc: compiled with
 * the machine's C++ compiler (the one node-gyp builds the addon with) and run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { CXX_FLAGS, cxx, run } from './host_tools';

const dir = mkdtempSync(join(tmpdir(), 'tensile-allocator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reuses blocks by size, evicts the longest-unused past its cap, never caches what cannot fit', async () => {
  const exe = join(dir, 'allocator_check');
  const src = (f: string) => fileURLToPath(new URL(f, import.meta.url));
  const build = await run(cxx, [...CXX_FLAGS, src('./allocator_check.cc'), src('../src/allocator.cc'), '-o', exe]);
  expect(build.status, build.stderr).toBe(0);
  const check = await run(exe, []);
  expect(check.stdout).not.toContain('FAIL');
  expect(check.status, check.stdout).toBe(0);
  const ok = check.stdout.split('\n').filter((l) => l.startsWith('ok ')).length;
  expect(ok).toBe(12);
  expect(check.stdout).toContain(`${ok} cases passed`);
}, 120_000);
