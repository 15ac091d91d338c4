/**
 * What the host-side CUDA checks here share: the machine's C++ compiler (the one node-gyp
 * builds the addon with), whether it has the C++20 the CUDA emulation needs (<barrier>,
 * std::atomic_ref), and running a program to completion without blocking the test worker.
 */
import { execFile, spawnSync } from 'node:child_process';
import { expect } from 'vitest';

export const cxx = process.env.CXX ?? 'c++';
export const CXX_FLAGS = ['-std=c++20', '-O1', '-pthread'];

/** Whether cxx compiles what the emulation needs (an older compiler, say on a GPU machine, does not). */
export const canEmulateCuda =
  spawnSync(cxx, [...CXX_FLAGS, '-fsyntax-only', '-x', 'c++', '-'], {
    input: '#include <atomic>\n#include <barrier>\nint main() { int v = 0; std::barrier<> b(1); return std::atomic_ref<int>(v).load(); }\n',
  }).status === 0;

/** Runs a program to completion: its exit status (1 when it could not start) and output. */
export function run(
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 64 << 20, ...opts }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ status, stdout, stderr: stderr || String(err ?? '') });
    });
  });
}

/** Flags for the checks that need only C++17 (no CUDA emulation): any compiler a GPU machine has. */
export const CXX17_FLAGS = ['-std=c++17', '-O1', '-pthread'];

/**
 * Compiles a check program (`args`: its sources, flags and libraries) into `exe` with cxx, runs
 * it, and checks its check_report.h output: no FAIL, exit status 0, and an "ok" line for each
 * case its summary counts. Returns that count.
 */
export async function buildAndCheck(exe: string, args: string[], flags: string[] = CXX_FLAGS): Promise<number> {
  const build = await run(cxx, [...flags, ...args, '-o', exe]);
  expect(build.status, build.stderr).toBe(0);
  const check = await run(exe, []);
  expect(check.stdout).not.toContain('FAIL');
  expect(check.status, check.stdout + check.stderr).toBe(0);
  const ok = check.stdout.split('\n').filter((l) => l.startsWith('ok ')).length;
  expect(check.stdout).toContain(`${ok} cases passed`);
  return ok;
}
