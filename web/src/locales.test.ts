// Every key the code asks for exists in both locale files, and the two files
// have the same keys (so nothing shows up as a raw key in either language).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import nl from './locales/nl.json';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

describe('locales', () => {
  it('nl and en have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });
  it('every literal key used in t() exists', () => {
    const used = new Set<string>();
    for (const f of files(__dirname)) {
      if (f.endsWith('i18n.ts')) continue;
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(m[1]);
      for (const m of src.matchAll(/\?\s*'([a-z]+\.[a-zA-Z.]+)'\s*:\s*'([a-z]+\.[a-zA-Z.]+)'/g)) used.add(m[1]).add(m[2]);
    }
    const missing = [...used].filter((k) => !(k in nl));
    expect(missing).toEqual([]);
  });
});
