import { strict as assert } from 'node:assert';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: Rust', () => {
  it('outlines items, impls and modules', async () => {
    const analyzed = await analyzeFixture('sample.rs');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module sample.rs (module) 1-7',
      'enum Refusal 9-14',
      'trait Limited 16-20',
      'struct Bucket 22-26',
      'impl Bucket 28-49',
      'method Bucket.new 29-32',
      'method Bucket.take 34-48',
      'impl Bucket 51-55',
      'method Bucket.default 52-54',
      'function wait_secs 57-60',
      'namespace tests 62-66',
      'function tests.helper 63-65',
    ]);
  });

  it('keeps attributes and /// doc comments with their item', async () => {
    const { analysis } = await analyzeFixture('sample.rs');
    const refusal = chunkNamed(analysis, 'Refusal');
    assert.equal(refusal.docComment, 'Why a request was refused.');
    assert.ok(refusal.content.startsWith('/// Why a request was refused.\n#[derive(Debug, Clone, PartialEq)]\npub enum Refusal {'));
    assert.equal(refusal.signature, 'pub enum Refusal');
    const impls = analysis.chunks.filter((chunk) => chunk.kind === 'impl').map((chunk) => chunk.signature);
    assert.deepEqual(impls, ['impl Bucket', 'impl Default for Bucket']);
  });

  it('qualifies impl methods by their type and computes their complexity', async () => {
    const { analysis } = await analyzeFixture('sample.rs');
    // if, three match arms, and the `if` guard of one arm.
    assert.equal(complexityOf(analysis, 'Bucket.take'), 6);
    assert.equal(complexityOf(analysis, 'Bucket.default'), 1);
    assert.equal(complexityOf(analysis, 'wait_secs'), 1);
  });

  it('lists use declarations', async () => {
    const { analysis } = await analyzeFixture('sample.rs');
    assert.deepEqual(analysis.imports, ['std::collections::HashMap', 'std::time::{Duration,Instant}', 'crate::clock::Clock']);
  });
});
