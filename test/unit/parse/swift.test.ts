import { strict as assert } from 'node:assert';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: Swift', () => {
  it('reads structs, protocols, enums, classes, extensions and functions', async () => {
    const analyzed = await analyzeFixture('Sample.swift');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module Sample.swift (module) 1-2',
      'struct Checkpoint 4-8',
      'interface ProgressDelegate 10-13',
      'enum Phase 15-18',
      'class ProgressTracker 20-43',
      'method ProgressTracker.init 25-27',
      'method ProgressTracker.mark 29-42',
      'impl ProgressTracker 45-47',
      'function elapsed 49-52',
    ]);
  });

  it('reads doc comments, signatures, imports and complexity', async () => {
    const { analysis } = await analyzeFixture('Sample.swift');
    const tracker = chunkNamed(analysis, 'ProgressTracker', 'class');
    assert.equal(tracker.signature, 'final class ProgressTracker');
    assert.equal(tracker.docComment, 'Tracks progress through the phases.');
    assert.equal(chunkNamed(analysis, 'elapsed').signature, 'func elapsed(_ a: Checkpoint, _ b: Checkpoint) -> TimeInterval');
    // two `case` entries; `default` is not a decision.
    assert.equal(complexityOf(analysis, 'ProgressTracker.mark'), 3);
    assert.equal(complexityOf(analysis, 'ProgressTracker.init'), 1);
    assert.equal(chunkNamed(analysis, 'ProgressTracker.mark').docComment, 'Records a checkpoint and notifies the delegate.');
    assert.deepEqual(analysis.imports, ['Foundation', 'os.log']);
  });
});
