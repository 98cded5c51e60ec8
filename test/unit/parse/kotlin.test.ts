import { strict as assert } from 'node:assert';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: Kotlin', () => {
  it('reads classes, interfaces, enums, objects and functions', async () => {
    const analyzed = await analyzeFixture('Sample.kt');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module Sample.kt (module) 1-4',
      'class Note 6-7',
      'interface NoteStore 9-12',
      'enum Sort 14-14',
      'class MemoryStore 16-34',
      'method MemoryStore.all 20-20',
      'method MemoryStore.search 22-29',
      'class MemoryStore.Companion 31-33',
      'method MemoryStore.Companion.empty 32-32',
      'class Defaults 36-38',
      'function preview 40-42',
    ]);
  });

  it('finds the doc comment after the imports, signatures, imports and complexity', async () => {
    const { analysis } = await analyzeFixture('Sample.kt');
    const note = chunkNamed(analysis, 'Note');
    assert.equal(note.docComment, 'A note with an optional reminder.');
    assert.equal(note.signature, 'data class Note(val id: Long, val text: String, val remindAt: Clock? = null)');
    assert.equal(chunkNamed(analysis, 'preview').signature, 'fun preview(text: String, max: Int = 40): String');
    assert.equal(chunkNamed(analysis, 'preview').complexity, 2);
    // &&, and the `when` (counted once: its arrows read like lambda arrows).
    assert.equal(complexityOf(analysis, 'MemoryStore.search'), 3);
    assert.equal(complexityOf(analysis, 'MemoryStore.Companion.empty'), 1);
    assert.deepEqual(analysis.imports, ['kotlinx.coroutines.flow.Flow', 'java.time.Instant']);
  });
});
