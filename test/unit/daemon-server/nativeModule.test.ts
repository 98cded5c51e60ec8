import assert from 'node:assert/strict';
import { checkNativeModule, describeNativeLoadFailure, type RuntimeInfo } from '../../../daemon/server/nativeModule';

/** The message Node prints when a native module was built for another NODE_MODULE_VERSION. */
const ABI_ERROR = `The module '/ext/dist/node_modules/better-sqlite3/build/Release/better_sqlite3.node'
was compiled against a different Node.js version using
NODE_MODULE_VERSION 115. This version of Node.js requires
NODE_MODULE_VERSION 132. Please try re-compiling or re-installing
the module (for instance, using \`npm rebuild\` or \`npm install\`).`;

const electron: RuntimeInfo = { execPath: '/usr/share/code/code', nodeVersion: 'v20.18.3', abi: '132', electronVersion: '34.3.2' };
const node22: RuntimeInfo = { execPath: '/opt/node22/bin/node', nodeVersion: 'v22.12.0', abi: '127' };

describe('native module load failures', () => {
  it('names the module ABI, the runtime ABI and the fix for an Electron runtime', () => {
    const data = describeNativeLoadFailure(new Error(ABI_ERROR), electron);
    assert.equal(data.moduleAbi, '115');
    assert.equal(data.runtimeAbi, '132');
    assert.equal(data.runtimePath, '/usr/share/code/code');
    assert.equal(data.retry, false);
    assert.equal(
      data.message,
      'Mobius cannot open its index: the native module better-sqlite3 was built for NODE_MODULE_VERSION 115 (Node 20), ' +
        'but the daemon runs on Electron 34.3.2 (/usr/share/code/code, NODE_MODULE_VERSION 132). ' +
        'Fix: set "mobius.daemon.runtime" to the path of a Node 20 binary, or rebuild better-sqlite3 for this runtime ' +
        "(npm rebuild better-sqlite3 with that runtime's npm).",
    );
  });

  it('names a plain Node runtime by path and version', () => {
    const data = describeNativeLoadFailure(new Error(ABI_ERROR.replace('NODE_MODULE_VERSION 132', 'NODE_MODULE_VERSION 127')), node22);
    assert.match(data.message, /but the daemon runs on \/opt\/node22\/bin\/node, Node v22\.12\.0 \(NODE_MODULE_VERSION 127\)\./);
  });

  it('explains other load failures with their first line and the same fix', () => {
    const data = describeNativeLoadFailure(new Error('/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38\' not found\n(required by better_sqlite3.node)'), node22);
    assert.equal(data.moduleAbi, null);
    assert.match(data.message, /failed to load on \/opt\/node22\/bin\/node, Node v22\.12\.0 \(NODE_MODULE_VERSION 127\): .*GLIBC_2\.38' not found\. Fix: set "mobius\.daemon\.runtime" to the path of a Node 20 binary/);
  });

  it('reports nothing when the module loads', () => {
    assert.equal(checkNativeModule(() => undefined), null);
    assert.equal(checkNativeModule(), null, 'the real better-sqlite3 loads on the Node running the tests');
  });

  it('turns a throwing loader into the error data', () => {
    const data = checkNativeModule(() => { throw new Error(ABI_ERROR); }, electron);
    assert.equal(data?.moduleAbi, '115');
  });
});
