import { strict as assert } from 'node:assert';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: PHP', () => {
  it('reads interfaces, traits, enums, classes and functions', async () => {
    const analyzed = await analyzeFixture('sample.php');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module sample.php (module) 1-8',
      'interface Chargeable 10-16',
      'trait Loggable 18-24',
      'method Loggable.log 20-23',
      'enum Plan 26-30',
      'class Invoicer 32-64',
      'method Invoicer.__construct 41-43',
      'method Invoicer.charge 45-58',
      'method Invoicer.amount 60-63',
      'function format_price 66-70',
    ]);
  });

  it('reads doc comments, use and require imports, and complexity', async () => {
    const { analysis } = await analyzeFixture('sample.php');
    const invoicer = chunkNamed(analysis, 'Invoicer');
    assert.equal(invoicer.signature, 'final class Invoicer implements Chargeable');
    assert.equal(invoicer.docComment, 'Charges customers for their plan.');
    assert.equal(chunkNamed(analysis, 'format_price').signature, 'function format_price(int $cents): string');
    // if, ||, foreach, if.
    assert.equal(complexityOf(analysis, 'Invoicer.charge'), 5);
    assert.equal(chunkNamed(analysis, 'Invoicer.charge').docComment, 'Charge the customer, unless they are on the free plan.');
    assert.deepEqual(analysis.imports, ['App\\Models\\Customer', 'Psr\\Log\\LoggerInterface', '/helpers.php']);
  });
});
