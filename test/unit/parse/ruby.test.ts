import { strict as assert } from 'node:assert';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: Ruby', () => {
  it('reads modules as a header plus members, classes and methods', async () => {
    const analyzed = await analyzeFixture('sample.rb');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module sample.rb (module) 1-4',
      'namespace Exporters 6-37',
      'class Exporters.RowWriter 10-36',
      'method Exporters.RowWriter.initialize 14-16',
      'method Exporters.RowWriter.write 18-31',
      'method Exporters.RowWriter.default 33-35',
      'function human_duration 39-43',
    ]);
  });

  it('reads # doc comments, requires and complexity', async () => {
    const { analysis } = await analyzeFixture('sample.rb');
    const writer = chunkNamed(analysis, 'Exporters.RowWriter');
    assert.equal(writer.signature, 'class RowWriter < BaseWriter');
    assert.equal(writer.docComment, 'Serialises rows to CSV or JSON.');
    assert.equal(chunkNamed(analysis, 'human_duration').docComment, 'Formats a duration in seconds as "1h 2m".');
    assert.equal(chunkNamed(analysis, 'human_duration').complexity, 2);
    // next-if, ||, if, elsif.
    assert.equal(complexityOf(analysis, 'Exporters.RowWriter.write'), 5);
    assert.equal(complexityOf(analysis, 'Exporters.RowWriter.default'), 1);
    assert.deepEqual(analysis.imports, ['json', 'support/clock']);
  });
});
