import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LANGUAGES } from '../../../protocol/engine';
import { GRAMMAR_NAMES, grammarWasmPath, runtimeWasmPath, type GrammarName } from '../../../daemon/engine/parse/grammars';
import { rulesFor } from '../../../daemon/engine/parse/languageRules';
import { loadGrammar } from '../../../daemon/engine/parse/parser';

describe('parse: grammar files', () => {
  let bundle: string;
  let empty: string;
  before(() => {
    bundle = mkdtempSync(path.join(tmpdir(), 'mobius-bundle-'));
    empty = mkdtempSync(path.join(tmpdir(), 'mobius-empty-'));
    mkdirSync(path.join(bundle, 'grammars'));
    writeFileSync(path.join(bundle, 'grammars', 'tree-sitter-go.wasm'), '');
    writeFileSync(path.join(bundle, 'tree-sitter.wasm'), '');
  });
  after(() => {
    rmSync(bundle, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it('prefers the files next to a bundle', () => {
    assert.equal(grammarWasmPath('go', bundle), path.join(bundle, 'grammars', 'tree-sitter-go.wasm'));
    assert.equal(runtimeWasmPath(bundle), path.join(bundle, 'tree-sitter.wasm'));
  });

  it('falls back to the web-tree-sitter and tree-sitter-wasms packages', () => {
    const wasms = path.dirname(require.resolve('tree-sitter-wasms/package.json'));
    assert.equal(grammarWasmPath('rust', empty), path.join(wasms, 'out', 'tree-sitter-rust.wasm'));
    assert.equal(runtimeWasmPath(empty), path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'));
  });

  it('says which file is missing, where it looked, and how to fix it', () => {
    assert.throws(
      () => grammarWasmPath('cobol' as GrammarName, empty),
      (error: Error) =>
        error.message.includes('tree-sitter-cobol.wasm') && error.message.includes(empty) && error.message.includes('npm install'),
    );
  });

  it('has a loadable grammar for every language parsed with tree-sitter', async () => {
    const used = new Set(LANGUAGES.map((language) => rulesFor(language)?.grammar).filter((grammar) => grammar !== undefined));
    assert.deepEqual([...used].sort(), [...GRAMMAR_NAMES].sort());
    for (const grammar of GRAMMAR_NAMES) {
      const loaded = await loadGrammar(grammar);
      assert.ok(loaded.nodeTypeCount > 0, grammar);
    }
  });
});
