import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, outline } from './helpers';

describe('parse: Go', () => {
  it('outlines types, functions and methods qualified by their receiver', async () => {
    const analyzed = await analyzeFixture('sample.go');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module sample.go (module) 1-15',
      'interface Job 17-20',
      'struct Queue 22-27',
      'type Priority 29-30',
      'function New 32-38',
      'method Queue.Push 40-49',
      'method Queue.Drain 51-67',
    ]);
  });

  it('reads signatures, doc comments, imports and complexity', async () => {
    const { analysis } = await analyzeFixture('sample.go');
    const push = chunkNamed(analysis, 'Queue.Push');
    assert.equal(push.name, 'Push');
    assert.equal(push.signature, 'func (q *Queue) Push(job Job) error');
    assert.equal(push.docComment, 'Push adds a job unless the queue is closed.');
    assert.equal(push.complexity, 3);
    assert.equal(chunkNamed(analysis, 'Queue').signature, 'type Queue struct');
    // for, two expression cases, if.
    assert.equal(chunkNamed(analysis, 'Queue.Drain').complexity, 5);
    assert.deepEqual(analysis.imports, ['context', 'errors', 'github.com/sirupsen/logrus', 'sync']);
  });

  it('reads each type of a grouped type declaration', async () => {
    const source = [
      'package shapes',
      '',
      'type (',
      '\t// Point is a position.',
      '\tPoint struct{ X, Y int }',
      '\tShape interface{ Area() float64 }',
      ')',
      '',
    ].join('\n');
    const analysis = await analyzeFile('shapes.go', source, 'go');
    assertChunksMatchSource({ source, analysis });
    assert.deepEqual(outline(analysis), [
      'module shapes.go (module) 1-3',
      'struct Point 4-5',
      'interface Shape 6-6',
    ]);
    assert.equal(chunkNamed(analysis, 'Point').docComment, 'Point is a position.');
  });
});
