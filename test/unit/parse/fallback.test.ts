import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { analyzeFixture, assertChunksMatchSource, outline, readFixture } from './helpers';

describe('parse: files that do not parse', () => {
  it('falls back to line windows and says so', async () => {
    const analyzed = await analyzeFixture('broken.py');
    assertChunksMatchSource(analyzed);
    assert.equal(analyzed.analysis.parseFailed, true);
    assert.deepEqual(outline(analyzed.analysis), ['block broken.py:1-10 1-10']);
    assert.equal(analyzed.analysis.chunks[0].language, 'python');
  });

  it('keeps the definitions of a file with a small syntax error', async () => {
    const source = `${readFixture('sample.ts')}\nexport function unfinished(a: number {\n  return a;\n}\n`;
    const analysis = await analyzeFile('src/sample.ts', source, 'typescript');
    assert.equal(analysis.parseFailed, false);
    assertChunksMatchSource({ source, analysis });
    assert.ok(analysis.chunks.some((chunk) => chunk.qualifiedName === 'RetryPolicy'));
    assert.ok(analysis.chunks.some((chunk) => chunk.qualifiedName === 'loadConfig'));
  });

  it('windows a file written in another language than its extension says', async () => {
    const source = readFixture('sample.rb');
    const analysis = await analyzeFile('lib/exporters.go', source, 'go');
    assert.equal(analysis.parseFailed, true);
    assertChunksMatchSource({ source, analysis });
    assert.ok(analysis.chunks.every((chunk) => chunk.kind === 'block' && chunk.language === 'go'));
  });
});
