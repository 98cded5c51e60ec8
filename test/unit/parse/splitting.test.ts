import { strict as assert } from 'node:assert';
import type { Chunk } from '../../../protocol/engine';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { MAX_CLASS_LINES, MAX_DEFINITION_LINES } from '../../../daemon/engine/parse/chunker';
import { WINDOW_LINES, WINDOW_OVERLAP } from '../../../daemon/engine/parse/windows';
import { assertChunksMatchSource, chunkNamed, outline } from './helpers';

const ACTIONS = [
  'receive', 'ship', 'reserve', 'release', 'count', 'audit', 'transfer', 'restock', 'discard', 'return_item',
  'hold', 'unhold', 'price', 'discount', 'tag', 'untag', 'archive', 'restore', 'merge', 'split',
];

/** A realistic Python class longer than MAX_CLASS_LINES. */
function inventoryClass(): string {
  const methods = ACTIONS.map((action) =>
    [
      `    def ${action}(self, sku, amount=1):`,
      `        """${action.replace('_', ' ')} stock for one SKU."""`,
      `        log.debug("${action} %s", sku)`,
      '        if amount < 0:',
      '            raise ValueError("amount must be positive")',
      '        self.levels[sku] = self.levels.get(sku, 0) + amount',
      '        return self.levels[sku]',
      '',
    ].join('\n'),
  );
  return ['import logging', '', '', 'class Inventory:', '    """Stock levels per warehouse."""', '', '    LOW_STOCK = 5', '', ...methods, '', 'log = logging.getLogger(__name__)', ''].join('\n');
}

function assertWindowsTile(windows: Chunk[], first: number, last: number): void {
  assert.ok(windows.length > 1, 'expected several windows');
  assert.equal(windows[0].startLine, first);
  assert.equal(windows[windows.length - 1].endLine, last);
  for (let i = 0; i < windows.length; i++) {
    assert.ok(windows[i].endLine - windows[i].startLine + 1 <= WINDOW_LINES, `window ${i} is at most ${WINDOW_LINES} lines`);
    if (i > 0) {
      assert.ok(windows[i].startLine > windows[i - 1].startLine, 'windows advance');
      assert.ok(windows[i].startLine <= windows[i - 1].endLine + 1, 'windows leave no gap');
      assert.ok(windows[i].startLine >= windows[i - 1].endLine + 1 - WINDOW_OVERLAP, `windows overlap by at most ${WINDOW_OVERLAP} lines`);
    }
  }
}

describe('parse: splitting large definitions', () => {
  it('splits a class over MAX_CLASS_LINES into a header and its methods', async () => {
    const source = inventoryClass();
    const analysis = await analyzeFile('stock/inventory.py', source, 'python');
    assertChunksMatchSource({ source, analysis });
    const logLine = source.split('\n').indexOf('log = logging.getLogger(__name__)') + 1;
    const classEnd = logLine - 3;
    assert.ok(classEnd - 4 + 1 > MAX_CLASS_LINES);

    const header = chunkNamed(analysis, 'Inventory', 'class');
    assert.equal(header.startLine, 4);
    assert.equal(header.endLine, classEnd);
    assert.equal(header.signature, 'class Inventory:');
    assert.equal(header.docComment, 'Stock levels per warehouse.');
    assert.ok(header.content.includes('    LOW_STOCK = 5'));
    assert.ok(header.content.includes('    def transfer(self, sku, amount=1):\n        …'));
    assert.ok(!header.content.includes('raise ValueError'), 'member bodies are elided');

    const methods = analysis.chunks.filter((chunk) => chunk.kind === 'method');
    assert.deepEqual(methods.map((chunk) => chunk.name), ACTIONS);
    const ship = chunkNamed(analysis, 'Inventory.ship');
    assert.equal(ship.startLine, 17);
    assert.equal(ship.endLine, 23);
    assert.equal(ship.docComment, 'ship stock for one SKU.');
    assert.equal(ship.complexity, 2);
    assert.deepEqual(
      outline(analysis).filter((line) => line.startsWith('module')),
      ['module inventory.py (module) 1-1', `module inventory.py (module) ${logLine}-${logLine}`],
    );
  });

  it('splits nested classes and qualifies members by the whole path', async () => {
    const members = (indent: string) =>
      ACTIONS.map((action) =>
        [
          `${indent}/** ${action} some boxes. */`,
          `${indent}${action}(count: number): number {`,
          `${indent}  if (count <= 0) {`,
          `${indent}    return 0;`,
          `${indent}  }`,
          `${indent}  return this.move('${action}', count);`,
          `${indent}}`,
          '',
        ].join('\n'),
      ).join('\n');
    const source = [
      'export class Warehouse {',
      '  static Shelf = class {};',
      '',
      '  /** Rows of shelves. */',
      '  aisle = class Aisle {',
      members('    '),
      '  };',
      '',
      members('  '),
      '}',
      '',
    ].join('\n');
    const analysis = await analyzeFile('warehouse.ts', source, 'typescript');
    assertChunksMatchSource({ source, analysis });
    const aisle = chunkNamed(analysis, 'Warehouse.aisle', 'class');
    assert.equal(aisle.docComment, 'Rows of shelves.');
    assert.ok(aisle.content.includes('    /** receive some boxes. */\n    receive(count: number): number { … }'));
    assert.equal(chunkNamed(analysis, 'Warehouse.aisle.split').kind, 'method');
    assert.equal(chunkNamed(analysis, 'Warehouse.split').complexity, 2);
    const header = chunkNamed(analysis, 'Warehouse', 'class');
    assert.ok(header.content.includes('  aisle = class Aisle { … };'), 'a nested class is elided whole in its parent header');
  });

  it('qualifies the methods of a large Rust impl by the type', async () => {
    const methods = ACTIONS.map(
      (action) => `    /// ${action} one unit.\n    pub fn ${action}(&mut self, sku: u32) -> Option<u32> {\n        debug!("${action} {}", sku);\n        let level = self.levels.get_mut(&sku)?;\n        *level += 1;\n        Some(*level)\n    }\n`,
    );
    const source = ['pub struct Store {', '    levels: HashMap<u32, u32>,', '}', '', 'impl<T: Clock> Store<T> {', ...methods, '}', ''].join('\n');
    const analysis = await analyzeFile('src/store.rs', source, 'rust');
    assertChunksMatchSource({ source, analysis });
    const header = chunkNamed(analysis, 'Store', 'impl');
    assert.equal(header.signature, 'impl<T: Clock> Store<T>');
    const restock = chunkNamed(analysis, 'Store.restock');
    assert.equal(restock.kind, 'method');
    assert.equal(restock.docComment, 'restock one unit.');
    assert.ok(restock.content.startsWith('    /// restock one unit.\n    pub fn restock('));
  });

  it('cuts a function over MAX_DEFINITION_LINES into overlapping windows at statement starts', async () => {
    const steps = Array.from({ length: 40 }, (_, i) => [`  if (db.version < ${i + 1}) {`, `    db.exec(MIGRATIONS[${i}]);`, '    applied++;', '  }', ''].join('\n'));
    const source = ['/** Applies every pending migration. */', 'export function migrate(db: Database): number {', '  let applied = 0;', '', ...steps, '  return applied;', '}', ''].join('\n');
    const analysis = await analyzeFile('db/migrate.ts', source, 'typescript');
    assertChunksMatchSource({ source, analysis });
    const lastLine = source.split('\n').length - 1;
    assert.ok(lastLine > MAX_DEFINITION_LINES);
    const windows = analysis.chunks.filter((chunk) => chunk.name === 'migrate');
    assert.equal(windows.length, analysis.chunks.length);
    assertWindowsTile(windows, 1, lastLine);
    const lines = source.split('\n');
    for (const window of windows.slice(1)) {
      assert.match(lines[window.startLine - 1], /^ {2}(if|return|let)\b/, `window at line ${window.startLine} starts at a statement`);
    }
    for (const window of windows) {
      assert.equal(window.kind, 'function');
      assert.equal(window.signature, 'export function migrate(db: Database): number');
      assert.equal(window.docComment, 'Applies every pending migration.');
      assert.equal(window.complexity, 41);
    }
  });

  it('cuts inside one long statement when it is the whole body', async () => {
    const body = Array.from({ length: 150 }, (_, i) => `        total += weight(item, ${i})`);
    const source = ['def score(items):', '    total = 0', '    for item in items:', ...body, '    return total', ''].join('\n');
    const analysis = await analyzeFile('score.py', source, 'python');
    assertChunksMatchSource({ source, analysis });
    assertWindowsTile(analysis.chunks, 1, 154);
  });

  it('groups code between definitions into module chunks without blank edges', async () => {
    const source = [
      "import { join } from 'node:path';",
      '',
      'export const ROOT = join(__dirname, "..");',
      '',
      '',
      'export function a(): number {',
      '  return 1;',
      '}',
      '',
      'const registry = new Map<string, number>();',
      "registry.set('a', a());",
      '',
      'export function b(): number {',
      '  return 2;',
      '}',
      '',
    ].join('\n');
    const analysis = await analyzeFile('lib/registry.ts', source, 'typescript');
    assertChunksMatchSource({ source, analysis });
    assert.deepEqual(outline(analysis), [
      'module registry.ts (module) 1-3',
      'function a 6-8',
      'module registry.ts (module) 10-11',
      'function b 13-15',
    ]);
  });

  it('cuts a long run of module code into windows', async () => {
    const source = `${Array.from({ length: 200 }, (_, i) => `registry.register('plugin-${i}', { priority: ${i} });`).join('\n')}\n`;
    const analysis = await analyzeFile('plugins.js', source, 'javascript');
    assertChunksMatchSource({ source, analysis });
    assertWindowsTile(analysis.chunks, 1, 200);
    assert.ok(analysis.chunks.every((chunk) => chunk.kind === 'module' && chunk.name === 'plugins.js (module)'));
  });
});
