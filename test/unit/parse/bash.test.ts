import { strict as assert } from 'node:assert';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, outline } from './helpers';

describe('parse: Bash', () => {
  it('reads both function syntaxes and the script around them', async () => {
    const analyzed = await analyzeFixture('sample.sh');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module sample.sh (module) 1-8',
      'function usage 10-14',
      'function build_package 16-26',
      'module sample.sh (module) 28-30',
    ]);
  });

  it('reads doc comments, sourced files and complexity', async () => {
    const { analysis } = await analyzeFixture('sample.sh');
    assert.equal(chunkNamed(analysis, 'usage').docComment, 'Prints usage and exits.');
    const build = chunkNamed(analysis, 'build_package');
    assert.equal(build.signature, 'function build_package');
    // for, if, &&, ||.
    assert.equal(build.complexity, 5);
    assert.deepEqual(analysis.imports, ['./scripts/common.sh', '$HOME/.release.env']);
  });

  it('parses `case` statements, whose scanner needs the isalpha shim', async () => {
    const source = ['#!/bin/sh', '# Prints a one-letter level.', 'level() {', '  case "$1" in', "    warn) printf 'W' ;;", "    *) printf 'I' ;;", '  esac', '}', ''].join('\n');
    const { analysis } = await analyzeFixture('level.sh', source);
    assert.equal(analysis.parseFailed, false);
    const level = chunkNamed(analysis, 'level');
    assert.equal(level.docComment, 'Prints a one-letter level.');
    assert.equal(level.complexity, 3);
  });
});
