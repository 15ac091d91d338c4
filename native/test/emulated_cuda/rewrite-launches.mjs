// Rewrites CUDA's kernel launches into calls a host compiler takes, for the emulated build:
//   name<T, U><<<grid, block, shared, stream>>>(args);
// becomes
//   ::tensile_emu::launch(grid, block, [&] { name<T, U>(args); });
// (include/cuda_runtime.h's launch runs the body as the grid's threads). The kernel's name is
// found by walking back from `<<<` over balanced template arguments and a qualified identifier;
// the arguments up to the balanced `)`.

/** Index of the bracket that closes the one at `open` (same kind), scanning forwards. */
function closeOf(text, open, left, right) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === left) depth++;
    else if (text[i] === right && --depth === 0) return i;
  }
  throw new Error(`unbalanced ${left} at ${open}`);
}

/** Splits at top-level commas (outside (), <>, [], {}). */
function splitTop(s) {
  const parts = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(s.slice(start).trim());
  return parts;
}

export function rewriteLaunches(text) {
  let out = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf('<<<', from);
    if (at < 0) break;
    // the kernel expression: balanced <...> then a qualified identifier, walking back
    let s = at;
    while (/\s/.test(text[s - 1])) s--;
    if (text[s - 1] === '>') {
      let depth = 0;
      for (s = s - 1; s >= 0; s--) {
        if (text[s] === '>') depth++;
        else if (text[s] === '<' && --depth === 0) break;
      }
    }
    while (s > 0 && /[\w:]/.test(text[s - 1])) s--;
    const kernel = text.slice(s, at).trim();
    const cfgEnd = text.indexOf('>>>', at);
    const cfg = splitTop(text.slice(at + 3, cfgEnd));
    const open = text.indexOf('(', cfgEnd);
    if (text.slice(cfgEnd + 3, open).trim() !== '') throw new Error(`no argument list after launch of ${kernel}`);
    const close = closeOf(text, open, '(', ')');
    const args = text.slice(open + 1, close);
    out += text.slice(from, s) + `::tensile_emu::launch(${cfg[0]}, ${cfg[1]}, [&] { ${kernel}(${args}); })`;
    from = close + 1;
  }
  return out + text.slice(from);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(rewriteLaunches(readFileSync(process.argv[2], 'utf8')));
}
