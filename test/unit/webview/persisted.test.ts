import assert from 'node:assert/strict';
import { readPersisted, type PersistedPanelState } from '../../../webview/state/persisted';
import { basketItemOfHit } from '../../../webview/state/basket';
import { hit } from './hits';

describe('webview persisted state', () => {
  const saved: PersistedPanelState = {
    version: 1,
    input: { query: 'retry', filters: { language: 'typescript', pathGlob: 'src/**' }, scope: 'local' },
    grouping: 'flat',
    filtersOpen: true,
    basket: [{ ...basketItemOfHit(hit('src/util/retry.ts', 3, 20, 1)), tokens: 140 }],
  };

  it('reads back what the panel saved (through a JSON round trip, as VS Code stores it)', () => {
    assert.deepEqual(readPersisted(JSON.parse(JSON.stringify(saved))), saved);
  });

  it('drops a state of another shape rather than restoring half of it', () => {
    assert.equal(readPersisted(undefined), null);
    assert.equal(readPersisted({ ...saved, version: 2 }), null);
    assert.equal(readPersisted({ ...saved, grouping: 'tree' }), null);
    assert.equal(readPersisted({ ...saved, input: { ...saved.input, scope: 'galaxy' } }), null);
    assert.equal(readPersisted({ ...saved, basket: [{ key: 'x' }] }), null);
  });

  it('keeps only filters it knows', () => {
    const read = readPersisted({ ...saved, input: { ...saved.input, filters: { kind: 'class', language: 3, colour: 'red' } } });
    assert.deepEqual(read?.input.filters, { kind: 'class' });
  });
});
