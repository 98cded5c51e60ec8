import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: C#', () => {
  it('reads a namespace as a header plus its types', async () => {
    const analyzed = await analyzeFixture('Sample.cs');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module Sample.cs (module) 1-3',
      'namespace Shop.Orders 5-48',
      'enum Shop.Orders.OrderState 7-8',
      'interface Shop.Orders.IIdentified 10-14',
      'class Shop.Orders.Order 16-42',
      'method Shop.Orders.Order.Order 24-27',
      'method Shop.Orders.Order.Total 29-41',
      'struct Shop.Orders.Money 44-47',
    ]);
  });

  it('reads /// doc comments, usings and complexity', async () => {
    const { analysis } = await analyzeFixture('Sample.cs');
    const order = chunkNamed(analysis, 'Shop.Orders.Order');
    assert.equal(order.signature, 'public class Order : IIdentified');
    assert.equal(order.docComment, '<summary>\nAn order with its lines.\n</summary>');
    // foreach, if, ||, ternary.
    assert.equal(complexityOf(analysis, 'Shop.Orders.Order.Total'), 5);
    assert.equal(complexityOf(analysis, 'Shop.Orders.Order.Order'), 1);
    assert.deepEqual(analysis.imports, ['System', 'System.Collections.Generic', 'System.Text.Json']);
  });

  it('reads a file-scoped namespace', async () => {
    const source = ['namespace Shop.Billing;', '', '/// <summary>Bills.</summary>', 'public class Biller', '{', '    public int Due(int days) => days > 30 ? 1 : 0;', '}', ''].join('\n');
    const analysis = await analyzeFile('Biller.cs', source, 'csharp');
    assertChunksMatchSource({ source, analysis });
    assert.deepEqual(outline(analysis), ['namespace Shop.Billing 1-7', 'class Shop.Billing.Biller 3-7', 'method Shop.Billing.Biller.Due 6-6']);
    assert.equal(complexityOf(analysis, 'Shop.Billing.Biller.Due'), 2);
  });
});
