import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NATIVE_MODULE_ERROR_CODE, RUNTIME_CHECK_FLAG, type NativeModuleErrorData, type RuntimeCheckResult } from '../../../protocol/lsp';
import { DAEMON_BUNDLE, DaemonProcess } from './daemonProcess';

/** The ABI of Node 22: a real module built for it fails on this Node 20 the way a wrong runtime does. */
const FOREIGN_ABI = '127';
const NODE_HEADERS = '/usr/include/node';

/**
 * Copies the daemon bundle next to a better-sqlite3 whose native binary was compiled for another
 * NODE_MODULE_VERSION (a real addon, built here with the Node headers), like a .vsix opened by a
 * runtime it was not built for.
 */
function installWithForeignNativeModule(base: string): string {
  const addonSource = path.join(base, 'addon.cc');
  fs.writeFileSync(addonSource, '#include <node.h>\nstatic void Init(v8::Local<v8::Object>) {}\nNODE_MODULE(better_sqlite3, Init)\n');
  const modules = path.join(base, 'node_modules');
  const realSqlite = path.dirname(require.resolve('better-sqlite3/package.json'));
  fs.cpSync(path.join(realSqlite, 'lib'), path.join(modules, 'better-sqlite3/lib'), { recursive: true });
  fs.copyFileSync(path.join(realSqlite, 'package.json'), path.join(modules, 'better-sqlite3/package.json'));
  for (const dep of ['bindings', 'file-uri-to-path']) {
    fs.cpSync(path.dirname(require.resolve(`${dep}/package.json`)), path.join(modules, dep), { recursive: true });
  }
  const binary = path.join(modules, 'better-sqlite3/build/Release/better_sqlite3.node');
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  execFileSync('g++', ['-shared', '-fPIC', `-I${NODE_HEADERS}`, `-DNODE_EMBEDDER_MODULE_VERSION=${FOREIGN_ABI}`, addonSource, '-o', binary]);
  const bundle = path.join(base, 'dist/daemon.js');
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  fs.copyFileSync(DAEMON_BUNDLE, bundle);
  return bundle;
}

describe('daemon on a runtime whose ABI does not match the native module', function () {
  this.timeout(60_000);
  let base: string;
  let bundle: string;

  before(function () {
    const compiler = spawnSync('g++', ['--version']);
    if (compiler.status !== 0 || !fs.existsSync(path.join(NODE_HEADERS, 'node.h'))) {
      console.log(`      skipped: needs g++ and the Node headers in ${NODE_HEADERS} to build a module for another ABI`);
      this.skip();
    }
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-abi-'));
    bundle = installWithForeignNativeModule(base);
  });

  after(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it(`${RUNTIME_CHECK_FLAG} names both ABIs and the fix, and exits 1`, () => {
    const run = spawnSync(process.execPath, [bundle, RUNTIME_CHECK_FLAG], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    const result = JSON.parse(run.stdout.trim()) as RuntimeCheckResult;
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.moduleAbi, FOREIGN_ABI);
    assert.equal(result.error.runtimeAbi, process.versions.modules);
    assert.equal(result.error.runtimePath, process.execPath);
    assert.match(result.error.message, /built for NODE_MODULE_VERSION 127 \(Node 22\)/);
    assert.match(result.error.message, new RegExp(`Node ${process.version} \\(NODE_MODULE_VERSION ${process.versions.modules}\\)`));
    assert.match(result.error.message, /set "mobius\.daemon\.runtime" to the path of a Node 22 binary, or rebuild better-sqlite3/);
  });

  it('refuses initialize with that message and no retry, instead of crashing', async () => {
    const home = path.join(base, 'home');
    fs.mkdirSync(home, { recursive: true });
    await assert.rejects(
      DaemonProcess.start({ folders: [base], mobiusHome: home, bundle }),
      (err: { code?: number; message?: string; data?: NativeModuleErrorData }) => {
        assert.equal(err.code, NATIVE_MODULE_ERROR_CODE);
        assert.match(err.message ?? '', /NODE_MODULE_VERSION 127/);
        assert.equal(err.data?.retry, false);
        assert.equal(err.data?.kind, 'native-module');
        return true;
      },
    );
  });

  it(`${RUNTIME_CHECK_FLAG} reports ok with the runtime's ABI when the module loads`, () => {
    const run = spawnSync(process.execPath, [DAEMON_BUNDLE, RUNTIME_CHECK_FLAG], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout.trim()), { ok: true, execPath: process.execPath, nodeVersion: process.version, abi: process.versions.modules });
  });
});
