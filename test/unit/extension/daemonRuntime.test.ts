import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findOnPath, resolveDaemonRuntime, RuntimeNotFoundError } from '../../../extension/daemonRuntime';

describe('daemon runtime selection', () => {
  let dir: string;
  let fakeNode: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-runtime-'));
    fakeNode = path.join(dir, 'node');
    fs.writeFileSync(fakeNode, '#!/bin/sh\n', { mode: 0o755 });
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the setting when it is an executable path', () => {
    assert.deepEqual(resolveDaemonRuntime(fakeNode, { PATH: '' }), { path: fakeNode, source: 'setting', env: {} });
  });

  it('looks a bare name from the setting up on PATH', () => {
    assert.equal(resolveDaemonRuntime('node', { PATH: dir }).path, fakeNode);
  });

  it('fails with the setting named when the runtime does not exist', () => {
    assert.throws(() => resolveDaemonRuntime('/nowhere/node20', { PATH: dir }), (err: Error) => {
      assert.ok(err instanceof RuntimeNotFoundError);
      assert.match(err.message, /"\/nowhere\/node20" \(setting mobius\.daemon\.runtime\) was not found/);
      return true;
    });
  });

  it('defaults to node on PATH, skipping files that are not executable', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-runtime-'));
    fs.writeFileSync(path.join(other, 'node'), 'not executable', { mode: 0o644 });
    try {
      assert.deepEqual(resolveDaemonRuntime('', { PATH: [other, dir].join(path.delimiter) }), { path: fakeNode, source: 'path', env: {} });
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it("falls back to the editor's binary, as plain Node when it is Electron", () => {
    assert.deepEqual(resolveDaemonRuntime('', { PATH: '' }, '/opt/code/code', true), { path: '/opt/code/code', source: 'editor', env: { ELECTRON_RUN_AS_NODE: '1' } });
    assert.deepEqual(resolveDaemonRuntime('  ', { PATH: '' }, '/usr/bin/node', false), { path: '/usr/bin/node', source: 'editor', env: {} });
  });

  it('finds nothing on an empty PATH', () => {
    assert.equal(findOnPath('node', {}), null);
  });
});
