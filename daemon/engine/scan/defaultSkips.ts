// What a workspace scan skips when no ignore file says otherwise. A negation in a .gitignore or
// .mobiusignore (e.g. `!dist/` or `!vendor/`) re-includes any of these.
import type { SkipReason } from '../../../protocol/engine';

/** Version-control metadata: never indexed and never reported (it is not part of the code). */
export const VCS_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn']);

/** Output of builds and test runs: code, but produced from the sources we already index. */
const BUILD_OUTPUT_DIRS = new Set([
  'dist', 'build', 'out', 'target', 'obj', 'coverage', '.next', '.nuxt', '.svelte-kit', '.turbo',
  '.output', '.parcel-cache',
]);

/**
 * Third-party code, environments and tool caches. `vendor` is here because Go, PHP (Composer) and
 * Ruby (Bundler) keep dependencies in it, and their definitions would crowd out the project's own.
 */
const DEPENDENCY_AND_CACHE_DIRS = new Set([
  'node_modules', 'bower_components', 'vendor', 'Pods', '__pycache__', '.venv', 'venv', '.tox',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', '.gradle', '.terraform', '.cache', '.idea',
]);

/** Lock files: machine-written dependency pins, large and never what a search is after. */
const LOCK_FILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb',
  'deno.lock', 'cargo.lock', 'poetry.lock', 'pipfile.lock', 'uv.lock', 'pdm.lock', 'gemfile.lock',
  'composer.lock', 'go.sum', 'go.work.sum', 'flake.lock', 'packages.lock.json', 'podfile.lock',
  'mix.lock', 'pubspec.lock', 'gradle.lockfile', 'package.resolved',
]);

const MINIFIED_SUFFIXES = ['.min.js', '.min.mjs', '.min.cjs', '.min.css'];

const BINARY_EXTENSIONS = new Set([
  // images
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'avif', 'heic', 'tif', 'tiff', 'psd',
  // audio and video
  'mp3', 'mp4', 'm4a', 'wav', 'ogg', 'flac', 'mov', 'avi', 'mkv', 'webm',
  // archives and packages
  'zip', 'tar', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'jar', 'war', 'ear', 'whl', 'gem',
  'nupkg', 'deb', 'rpm', 'dmg', 'iso', 'apk', 'vsix',
  // fonts
  'ttf', 'otf', 'woff', 'woff2', 'eot',
  // compiled code and native libraries
  'wasm', 'so', 'dylib', 'dll', 'exe', 'a', 'lib', 'o', 'obj', 'class', 'pyc', 'pyo', 'node', 'bin',
  // databases and office documents
  'db', 'sqlite', 'sqlite3', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx',
]);

/** Why a directory is skipped by default, or null to descend into it. */
export function defaultDirSkip(name: string): SkipReason | null {
  if (BUILD_OUTPUT_DIRS.has(name)) return 'generated';
  if (DEPENDENCY_AND_CACHE_DIRS.has(name)) return 'ignored';
  return null;
}

/** Why a file is skipped by default judging by its name alone, or null to index it. */
export function defaultFileSkip(name: string): SkipReason | null {
  const lower = name.toLowerCase();
  if (LOCK_FILES.has(lower)) return 'generated';
  if (MINIFIED_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return 'minified';
  const dot = lower.lastIndexOf('.');
  if (dot <= 0) return null;
  const ext = lower.slice(dot + 1);
  if (ext === 'map') return 'generated';
  return BINARY_EXTENSIONS.has(ext) ? 'binary' : null;
}
