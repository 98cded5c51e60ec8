// Bundles every entry point into dist/ and copies the files the bundles load at run time
// (tree-sitter's runtime and grammars). Native modules stay external: they ship as node_modules.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Grammars the parser loads (file names in tree-sitter-wasms/out). */
const GRAMMARS = [
  'typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp', 'c_sharp',
  'ruby', 'php', 'kotlin', 'swift', 'bash',
];

const nodeEntries = {
  cli: 'cli/main.ts',
  parseWorker: 'daemon/engine/index/parseWorker.ts',
  embeddingThreadWorker: 'daemon/engine/embed/embeddingThreadWorker.ts',
  serverParseWorker: 'server/ingest/parseWorker.ts',
  daemon: 'daemon/main.ts',
  extension: 'extension/extension.ts',
};
const browserEntries = {
  webview: 'webview/main.ts',
};

const existing = (entries) => Object.fromEntries(Object.entries(entries).filter(([, file]) => fs.existsSync(file)));

const common = {
  bundle: true,
  outdir: 'dist',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: existing(nodeEntries),
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'better-sqlite3', 'hnswlib-node', '@node-rs/argon2', 'pg-native'],
  },
  {
    ...common,
    entryPoints: existing(browserEntries),
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    loader: { '.css': 'css' },
  },
].filter((b) => Object.keys(b.entryPoints).length > 0);

function copyRuntimeFiles() {
  fs.mkdirSync('dist/grammars', { recursive: true });
  const grammarDir = path.join(path.dirname(require.resolve('tree-sitter-wasms/package.json')), 'out');
  for (const name of GRAMMARS) {
    fs.copyFileSync(path.join(grammarDir, `tree-sitter-${name}.wasm`), path.join('dist/grammars', `tree-sitter-${name}.wasm`));
  }
  const runtime = path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm');
  fs.copyFileSync(runtime, 'dist/tree-sitter.wasm');
  // The team server's SQL migrations, read by node-pg-migrate at run time.
  fs.cpSync('server/db/migrations', 'dist/migrations', { recursive: true });
}

fs.rmSync('dist', { recursive: true, force: true });
copyRuntimeFiles();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
