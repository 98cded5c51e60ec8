import { strict as assert } from 'node:assert';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: Java', () => {
  it('outlines classes and interfaces', async () => {
    const analyzed = await analyzeFixture('Sample.java');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module Sample.java (module) 1-5',
      'class InvoiceCalculator 7-37',
      'class InvoiceCalculator.Line 14-15',
      'enum InvoiceCalculator.Currency 17-18',
      'method InvoiceCalculator.InvoiceCalculator 20-22',
      'method InvoiceCalculator.total 24-36',
      'interface Priced 39-42',
    ]);
  });

  it('reads Javadoc, signatures, imports and method complexity', async () => {
    const { analysis } = await analyzeFixture('Sample.java');
    const calculator = chunkNamed(analysis, 'InvoiceCalculator');
    assert.equal(calculator.docComment, 'Computes invoice totals.\nThread-safe.');
    assert.equal(calculator.signature, 'public class InvoiceCalculator');
    assert.equal(chunkNamed(analysis, 'Priced').docComment, 'Something that can be priced.');
    // for, if, &&, ternary.
    assert.equal(complexityOf(analysis, 'InvoiceCalculator.total'), 5);
    assert.equal(complexityOf(analysis, 'InvoiceCalculator.InvoiceCalculator'), 1);
    const total = chunkNamed(analysis, 'InvoiceCalculator.total');
    assert.equal(total.signature, '@Override public long total(int discountPercent)');
    assert.equal(total.docComment, 'Total in cents, after the discount.');
    assert.deepEqual(analysis.imports, ['java.util.ArrayList', 'java.util.List', 'java.util.Objects.requireNonNull']);
  });
});
