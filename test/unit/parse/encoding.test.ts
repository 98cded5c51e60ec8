import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, outline, readFixture } from './helpers';

// web-tree-sitter parses JS strings as UTF-16: node offsets are UTF-16 code units (they index
// the string directly) and rows count '\n'. These tests hold the line numbers to that.
describe('parse: Unicode and line endings', () => {
  it('keeps line numbers and content right around multi-byte and astral characters', async () => {
    const analyzed = await analyzeFixture('unicode.ts');
    assertChunksMatchSource(analyzed);
    const { analysis } = analyzed;
    assert.deepEqual(outline(analysis), [
      'module unicode.ts (module) 1-2',
      'function greet 4-8',
      'class Übersetzer 10-15',
      'method Übersetzer.übersetze 12-14',
      'function 名前 17-17',
    ]);
    assert.equal(chunkNamed(analysis, 'greet').docComment, 'Renders a greeting — «quoted» — with 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 flair ✨.');
    assert.equal(chunkNamed(analysis, 'greet').signature, 'export function greet(lang: string): string');
    assert.equal(chunkNamed(analysis, 'Übersetzer').docComment, 'Ω: a block comment with astral 𐍈 characters');
    assert.equal(chunkNamed(analysis, '名前').signature, 'export const 名前 = (x: string): string =>');
  });

  it('gives CRLF files the same chunks, without carriage returns, as LF files', async () => {
    for (const fixture of ['sample.ts', 'sample.py', 'Sample.java', 'guide.md', 'settings.json']) {
      const lf = readFixture(fixture);
      const crlf = lf.replace(/\n/g, '\r\n');
      const fromLf = await analyzeFixture(fixture, lf);
      const fromCrlf = await analyzeFixture(fixture, crlf);
      assertChunksMatchSource(fromCrlf);
      assert.deepEqual(outline(fromCrlf.analysis), outline(fromLf.analysis), fixture);
      assert.deepEqual(
        fromCrlf.analysis.chunks.map((chunk) => [chunk.hash, chunk.signature, chunk.docComment]),
        fromLf.analysis.chunks.map((chunk) => [chunk.hash, chunk.signature, chunk.docComment]),
        fixture,
      );
      assert.ok(fromCrlf.analysis.chunks.every((chunk) => !chunk.content.includes('\r')), fixture);
    }
  });

  it('hashes content with sha256', async () => {
    const { createHash } = await import('node:crypto');
    const analysis = await analyzeFile('a.py', 'def ünïcode():\n    return "😀"\n', 'python');
    const [chunk] = analysis.chunks;
    assert.equal(chunk.content, 'def ünïcode():\n    return "😀"');
    assert.equal(chunk.hash, createHash('sha256').update(chunk.content, 'utf8').digest('hex'));
  });
});
