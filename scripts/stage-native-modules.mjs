// Copies the native modules the daemon loads (better-sqlite3, hnswlib-node and their small runtime
// dependencies) next to the bundles, into dist/node_modules/, so `vsce package --no-dependencies`
// ships it: vsce never packs the top-level node_modules with that flag. Only the files needed at
// run time are copied, and the copy is checked to load on this Node (the ABI the .vsix declares).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const TARGET = path.resolve('dist/node_modules');

/** Package → the files (relative to the package) it needs at run time. */
const RUNTIME_FILES = {
  'better-sqlite3': ['package.json', 'LICENSE', 'lib', 'build/Release/better_sqlite3.node'],
  bindings: ['package.json', 'LICENSE.md', 'bindings.js'],
  'file-uri-to-path': ['package.json', 'LICENSE', 'index.js'],
  'hnswlib-node': ['package.json', 'LICENSE.txt', 'lib', 'build/Release/addon.node'],
};

for (const [name, files] of Object.entries(RUNTIME_FILES)) {
  const source = path.dirname(require.resolve(`${name}/package.json`));
  for (const file of files) {
    const from = path.join(source, file);
    if (!fs.existsSync(from)) {
      throw new Error(`${from} is missing: run \`npm ci\` (better-sqlite3 builds its native module on install) and package again.`);
    }
    fs.cpSync(from, path.join(TARGET, name, file), { recursive: true });
  }
}

const staged = createRequire(path.join(TARGET, 'stage-check.js'));
try {
  const Database = staged('better-sqlite3');
  new Database(':memory:').close();
  new (staged('hnswlib-node').HierarchicalNSW)('cosine', 4).initIndex(1);
} catch (err) {
  throw new Error(
    `The staged native modules do not load on this Node ${process.version} (NODE_MODULE_VERSION ${process.versions.modules}): ${err.message}\n` +
      'Package with Node 20, after `npm rebuild better-sqlite3 hnswlib-node`.',
  );
}
console.log(`Staged better-sqlite3 and hnswlib-node for NODE_MODULE_VERSION ${process.versions.modules} (Node ${process.version}) in ${path.relative(process.cwd(), TARGET)}.`);
