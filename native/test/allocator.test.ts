/**
 * The host allocator's block cache (src/allocator.cc), through allocator_check.cc: compiled with
 * the machine's C++ compiler (the one node-gyp builds the addon with) and run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { CXX17_FLAGS, buildAndCheck } from './host_tools';

const dir = mkdtempSync(join(tmpdir(), 'tensile-allocator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reuses blocks by size, evicts the longest-unused past its cap, never caches what cannot fit', async () => {
  const src = (f: string) => fileURLToPath(new URL(f, import.meta.url));
  expect(await buildAndCheck(join(dir, 'allocator_check'), [src('./allocator_check.cc'), src('../src/allocator.cc')], CXX17_FLAGS)).toBe(12);
}, 120_000);
