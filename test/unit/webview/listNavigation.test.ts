import assert from 'node:assert/strict';
import { isNavigationKey, navigate } from '../../../webview/state/listNavigation';

describe('webview list navigation', () => {
  it('moves one row with the arrows and stops at the ends', () => {
    assert.equal(navigate(0, 5, 'ArrowDown', 3), 1);
    assert.equal(navigate(4, 5, 'ArrowDown', 3), 4);
    assert.equal(navigate(3, 5, 'ArrowUp', 3), 2);
    assert.equal(navigate(0, 5, 'ArrowUp', 3), 0);
  });

  it('starts at the top with Down and at the bottom with Up when nothing is selected', () => {
    assert.equal(navigate(-1, 5, 'ArrowDown', 3), 0);
    assert.equal(navigate(-1, 5, 'ArrowUp', 3), 4);
  });

  it('jumps with Home, End and a page at a time', () => {
    assert.equal(navigate(2, 10, 'Home', 4), 0);
    assert.equal(navigate(2, 10, 'End', 4), 9);
    assert.equal(navigate(2, 10, 'PageDown', 4), 6);
    assert.equal(navigate(8, 10, 'PageDown', 4), 9);
    assert.equal(navigate(5, 10, 'PageUp', 4), 1);
    assert.equal(navigate(1, 10, 'PageUp', 4), 0);
    assert.equal(navigate(-1, 10, 'PageDown', 4), 3);
  });

  it('selects nothing in an empty list', () => {
    assert.equal(navigate(-1, 0, 'ArrowDown', 3), -1);
    assert.equal(navigate(2, 0, 'End', 3), -1);
  });

  it('knows which keys it handles', () => {
    assert.equal(isNavigationKey('PageDown'), true);
    assert.equal(isNavigationKey('Enter'), false);
    assert.equal(isNavigationKey('a'), false);
  });
});
