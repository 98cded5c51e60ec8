import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { WINDOW_LINES } from '../../../daemon/engine/parse/windows';
import { analyzeFixture, assertChunksMatchSource, outline } from './helpers';

describe('parse: Markdown', () => {
  it('splits by ATX and setext headings, outside code and front matter', async () => {
    const analyzed = await analyzeFixture('guide.md');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'section guide.md 1-6',
      'section Getting started 8-10',
      'section Getting started > Install 12-17',
      'section Getting started > First search 19-24',
      'section Configuration 26-29',
      'section Configuration > Ignore rules 31-34',
      'section Configuration > Troubleshooting 38-40',
    ]);
  });

  it('names sections by heading text and keeps the heading line as signature', async () => {
    const { analysis } = await analyzeFixture('guide.md');
    const install = analysis.chunks.find((chunk) => chunk.name === 'Install');
    assert.ok(install);
    assert.equal(install.kind, 'section');
    assert.equal(install.signature, '## Install');
    assert.ok(install.content.includes('# this line is code, not a heading'));
    const trouble = analysis.chunks.find((chunk) => chunk.name === 'Troubleshooting');
    assert.equal(trouble?.signature, '## Troubleshooting ##');
    assert.deepEqual(analysis.imports, []);
  });

  it('cuts a long section into windows at paragraph starts', async () => {
    const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} explains step ${i}.\nIt has a second line.\n`);
    const source = `# Runbook\n\n${paragraphs.join('\n')}`;
    const analysis = await analyzeFile('docs/runbook.md', source, 'markdown');
    assertChunksMatchSource({ source, analysis });
    assert.ok(analysis.chunks.length > 2);
    for (const chunk of analysis.chunks) {
      assert.equal(chunk.qualifiedName, 'Runbook');
      assert.ok(chunk.endLine - chunk.startLine + 1 <= WINDOW_LINES);
    }
    const lines = source.split('\n');
    for (const chunk of analysis.chunks.slice(1)) assert.equal(lines[chunk.startLine - 2], '', `window at ${chunk.startLine} starts a paragraph`);
  });
});
