// Writes a .gz and a .br sibling next to every compressible file of dist/, deterministically
// (fixed levels, no timestamps or file names in the gzip header), so a rebuild from the same
// sources gives byte-identical files and CI can diff the committed bundle.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const compressible = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

let count = 0;
for (const file of walk(dist).sort()) {
  if (!compressible.test(file)) continue;
  const raw = readFileSync(file);
  // Node's gzip header has mtime 0 and OS 3 (unix) on every platform: stable.
  writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
  writeFileSync(
    `${file}.br`,
    brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
  );
  count += 1;
}
console.log(`compressed ${count} files (gzip + brotli) in dist/`);
