import { strict as assert } from 'node:assert';
import { languageForPath } from '../../../daemon/engine/parse/languages';

describe('parse: languageForPath', () => {
  const cases: [string, string][] = [
    ['src/index.ts', 'typescript'], ['types/global.d.ts', 'typescript'], ['lib/x.mts', 'typescript'],
    ['ui/App.tsx', 'tsx'],
    ['a.js', 'javascript'], ['a.mjs', 'javascript'], ['a.cjs', 'javascript'], ['ui/Button.jsx', 'javascript'],
    ['tool.py', 'python'], ['stubs/x.pyi', 'python'],
    ['main.go', 'go'], ['src/lib.rs', 'rust'], ['Main.java', 'java'],
    ['ring.c', 'c'], ['ring.h', 'c'], ['geo.cpp', 'cpp'], ['geo.hpp', 'cpp'], ['geo.cc', 'cpp'],
    ['Order.cs', 'csharp'], ['app.rb', 'ruby'], ['Rakefile', 'ruby'], ['Gemfile', 'ruby'],
    ['index.php', 'php'], ['Notes.kt', 'kotlin'], ['build.gradle.kts', 'kotlin'], ['App.swift', 'swift'],
    ['release.sh', 'bash'], ['home/.bashrc', 'bash'],
    ['README.md', 'markdown'], ['docs/Guide.MD', 'markdown'],
    ['package.json', 'json'], ['ci.yml', 'yaml'], ['ci.yaml', 'yaml'], ['Cargo.toml', 'toml'],
    ['LICENSE', 'text'], ['notes.txt', 'text'], ['.gitignore', 'text'], ['Makefile', 'text'],
    ['win\\style\\main.py', 'python'],
  ];
  for (const [path, language] of cases) {
    it(`${path} is ${language}`, () => assert.equal(languageForPath(path), language));
  }
});
