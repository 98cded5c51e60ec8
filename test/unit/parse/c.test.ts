import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: C and C++', () => {
  describe('C', () => {
    it('reads functions and types inside an include guard', async () => {
      const analyzed = await analyzeFixture('sample.c');
      assertChunksMatchSource(analyzed);
      assert.deepEqual(outline(analyzed.analysis), [
        'module sample.c (module) 1-8',
        'struct ring 10-14',
        'enum ring_status 16-16',
        'module sample.c (module) 18-18',
        'function ring_new 20-34',
        'function ring_push 36-51',
        'module sample.c (module) 53-53',
      ]);
    });

    it('reads names through pointer declarators, doc comments, includes and complexity', async () => {
      const { analysis } = await analyzeFixture('sample.c');
      const ringNew = chunkNamed(analysis, 'ring_new');
      assert.equal(ringNew.signature, 'struct ring *ring_new(size_t cap)');
      assert.equal(ringNew.docComment, 'Allocates a ring of at least `cap` bytes.\nReturns NULL when out of memory.');
      assert.equal(ringNew.complexity, 3);
      // if, ||, two case labels (default is not a decision).
      assert.equal(chunkNamed(analysis, 'ring_push').complexity, 5);
      assert.equal(chunkNamed(analysis, 'ring').docComment, 'A fixed-size byte ring.');
      assert.equal(chunkNamed(analysis, 'ring_status').signature, 'typedef enum { RING_OK, RING_FULL, RING_EMPTY } ring_status;');
      assert.deepEqual(analysis.imports, ['stdlib.h', 'string.h', 'ring.h']);
    });

    it('parses a C++ header with a .h extension as C++', async () => {
      const source = ['#pragma once', '#include <vector>', '', 'class Stack {', ' public:', '  void push(int v) { items_.push_back(v); }', ' private:', '  std::vector<int> items_;', '};', ''].join('\n');
      const analysis = await analyzeFile('include/stack.h', source, 'c');
      assert.equal(analysis.parseFailed, false);
      assertChunksMatchSource({ source, analysis });
      assert.deepEqual(outline(analysis), ['module stack.h (module) 1-2', 'class Stack 4-9', 'method Stack.push 6-6']);
      assert.equal(chunkNamed(analysis, 'Stack').language, 'c');
      assert.equal(complexityOf(analysis, 'Stack.push'), 1);
    });
  });

  describe('C++', () => {
    it('reads namespaces as a header plus members, and out-of-class methods', async () => {
      const analyzed = await analyzeFixture('sample.cpp');
      assertChunksMatchSource(analyzed);
      assert.deepEqual(outline(analyzed.analysis), [
        'module sample.cpp (module) 1-3',
        'namespace geo 5-46',
        'struct geo.Box 7-10',
        'enum geo.Unit 12-12',
        'class geo.Layer 14-29',
        'method geo.Layer.Layer 19-19',
        'method geo.Layer.name 24-24',
        'method geo.Layer.area 31-39',
        'function geo.clamp 41-44',
      ]);
      const namespace = chunkNamed(analyzed.analysis, 'geo');
      assert.ok(namespace.content.includes('class Layer : public Shape { … };'), namespace.content);
    });

    it('reads signatures, doc comments, includes and complexity', async () => {
      const { analysis } = await analyzeFixture('sample.cpp');
      const area = chunkNamed(analysis, 'geo.Layer.area');
      assert.equal(area.name, 'area');
      assert.equal(area.signature, 'double Layer::area() const');
      // for, if, &&.
      assert.equal(area.complexity, 4);
      assert.equal(chunkNamed(analysis, 'geo.clamp').signature, 'template <typename T> T clamp(T v, T lo, T hi)');
      assert.equal(chunkNamed(analysis, 'geo.clamp').complexity, 3);
      assert.equal(chunkNamed(analysis, 'geo.Layer').docComment, 'A named collection of shapes.');
      assert.equal(chunkNamed(analysis, 'geo.Box').docComment, 'Axis-aligned bounding box.');
      assert.equal(complexityOf(analysis, 'geo.Layer.name'), 1);
      assert.deepEqual(analysis.imports, ['map', 'string', 'geometry/shape.hpp']);
    });
  });
});
