import Database from 'better-sqlite3';
import type { NativeModuleErrorData } from '../../protocol/lsp';

export interface RuntimeInfo {
  execPath: string;
  nodeVersion: string;
  /** `process.versions.modules`: the NODE_MODULE_VERSION native modules must be built for. */
  abi: string;
  /** Set when the runtime is Electron (VS Code desktop's own binary). */
  electronVersion?: string;
}

export function currentRuntime(): RuntimeInfo {
  return {
    execPath: process.execPath,
    nodeVersion: process.version,
    abi: process.versions.modules,
    electronVersion: process.versions.electron,
  };
}

/** NODE_MODULE_VERSION of the Node releases users are likely to point the runtime at. */
const NODE_RELEASE_BY_ABI: Record<string, string> = {
  '93': 'Node 16', '108': 'Node 18', '115': 'Node 20', '120': 'Node 21',
  '127': 'Node 22', '131': 'Node 23', '137': 'Node 24',
};

/** The ABI the shipped better-sqlite3 is built for: the CI and packaging run on Node 20. */
export const SHIPPED_NATIVE_ABI = '115';

/**
 * Loads better-sqlite3's native binding once (it loads lazily on the first database) so a runtime
 * mismatch is found at `initialize`, before any folder opens. Returns null when it loads.
 */
export function checkNativeModule(load: () => void = openInMemoryDatabase, runtime = currentRuntime()): NativeModuleErrorData | null {
  try {
    load();
    return null;
  } catch (err) {
    return describeNativeLoadFailure(err, runtime);
  }
}

function openInMemoryDatabase(): void {
  new Database(':memory:').close();
}

/** Turns Node's load error into one message that names both ABIs and the fix. */
export function describeNativeLoadFailure(err: unknown, runtime: RuntimeInfo): NativeModuleErrorData {
  const raw = err instanceof Error ? err.message : String(err);
  const mismatch = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(raw);
  const moduleAbi = mismatch ? mismatch[1] : null;
  const runtimeName = runtime.electronVersion
    ? `Electron ${runtime.electronVersion} (${runtime.execPath}, NODE_MODULE_VERSION ${runtime.abi})`
    : `${runtime.execPath}, Node ${runtime.nodeVersion} (NODE_MODULE_VERSION ${runtime.abi})`;
  const wanted = moduleAbi ?? SHIPPED_NATIVE_ABI;
  const wantedRelease = NODE_RELEASE_BY_ABI[wanted] ?? `a Node release with NODE_MODULE_VERSION ${wanted}`;
  const fix = `Fix: set "mobius.daemon.runtime" to the path of a ${wantedRelease} binary, or rebuild better-sqlite3 for this runtime (npm rebuild better-sqlite3 with that runtime's npm).`;
  const message = moduleAbi
    ? `Mobius cannot open its index: the native module better-sqlite3 was built for NODE_MODULE_VERSION ${moduleAbi} (${NODE_RELEASE_BY_ABI[moduleAbi] ?? 'unknown release'}), but the daemon runs on ${runtimeName}. ${fix}`
    : `Mobius cannot open its index: the native module better-sqlite3 failed to load on ${runtimeName}: ${firstLine(raw)}. ${fix}`;
  return { kind: 'native-module', message, moduleAbi, runtimeAbi: runtime.abi, runtimePath: runtime.execPath, retry: false };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0].replace(/\.$/, '');
}
