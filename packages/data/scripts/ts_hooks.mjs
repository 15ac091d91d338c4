// Node module hooks for running the repository's TypeScript sources without a build step:
// `@tensile/<pkg>` resolves to packages/<pkg>/src/index.ts (as vitest's aliases do), extension-
// less relative imports from .ts files find their .ts file, and .ts files are transpiled with
// esbuild (type-only constructs removed, one file at a time, as vitest does). Transpiled files
// are cached under the OS temp dir (keyed by path, size and mtime): every DataLoader worker
// process loads the same sources, and the cache halves its start-up time.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cacheDir = join(tmpdir(), 'tensile-ts-hooks-cache-v1');
let esbuild = null;

const packagesDir = new URL('../../', import.meta.url);

function isFile(url) {
  try {
    return statSync(fileURLToPath(url)).isFile();
  } catch {
    return false;
  }
}

export async function resolve(specifier, context, nextResolve) {
  const pkg = /^@tensile\/([a-z0-9-]+)$/.exec(specifier);
  if (pkg) {
    const url = new URL(`${pkg[1]}/src/index.ts`, packagesDir);
    if (isFile(url)) return { url: url.href, shortCircuit: true };
  }
  const parent = context.parentURL;
  if (parent && /\.[cm]?ts$/.test(parent) && (specifier.startsWith('./') || specifier.startsWith('../'))) {
    const base = new URL(specifier, parent);
    if (!isFile(base)) {
      const candidates = [`${base.href}.ts`, `${base.href}/index.ts`, base.href.replace(/\.(m?)js$/, '.$1ts')];
      for (const c of candidates) if (isFile(new URL(c))) return { url: c, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

async function transpile(file) {
  const st = statSync(file);
  const key = createHash('sha1').update(`${file}\0${st.size}\0${st.mtimeMs}`).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  try {
    return await readFile(cached, 'utf8');
  } catch {
    // not cached yet
  }
  esbuild ??= await import('esbuild');
  const out = await esbuild.transform(await readFile(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: file,
    sourcemap: 'inline',
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
  });
  try {
    await mkdir(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    await writeFile(tmp, out.code);
    await rename(tmp, cached); // atomic: concurrent workers never read a partial file
  } catch {
    // caching is best-effort
  }
  return out.code;
}

export async function load(url, context, nextLoad) {
  if (/\.[cm]?ts$/.test(url) && url.startsWith('file:')) {
    return { format: 'module', source: await transpile(fileURLToPath(url)), shortCircuit: true };
  }
  return nextLoad(url, context);
}
