import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { analyzeFixture, assertChunksMatchSource, outline } from './helpers';

describe('parse: data and text files as line windows', () => {
  it('cuts JSON into overlapping 60-line windows named by file and range', async () => {
    const analyzed = await analyzeFixture('settings.json');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), ['block settings.json:1-60 1-60', 'block settings.json:51-68 51-68']);
    assert.equal(analyzed.analysis.chunks[0].language, 'json');
    assert.equal(analyzed.analysis.parseFailed, false);
  });

  it('cuts YAML the same way', async () => {
    const analyzed = await analyzeFixture('pipeline.yaml');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), ['block pipeline.yaml:1-60 1-60', 'block pipeline.yaml:51-76 51-76']);
    assert.equal(analyzed.analysis.chunks[1].language, 'yaml');
  });

  it('keeps a short TOML file whole', async () => {
    const analyzed = await analyzeFixture('tool.toml');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), ['block tool.toml:1-11 1-11']);
  });

  it('treats unknown text the same way and skips empty or blank files', async () => {
    const text = Array.from({ length: 130 }, (_, i) => `line ${i + 1}`).join('\n');
    const analysis = await analyzeFile('NOTES', text, 'text');
    assertChunksMatchSource({ source: text, analysis });
    assert.deepEqual(outline(analysis), ['block NOTES:1-60 1-60', 'block NOTES:51-110 51-110', 'block NOTES:101-130 101-130']);
    assert.deepEqual((await analyzeFile('empty.txt', '', 'text')).chunks, []);
    assert.deepEqual((await analyzeFile('blank.yaml', '\n\n  \n', 'yaml')).chunks, []);
  });
});
