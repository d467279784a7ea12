// Translations: Dutch by default, English by a switch persisted in
// localStorage. Every user-facing string lives in locales/nl.json and en.json;
// `t('key', {name})` looks one up and fills {placeholders}.
import { useEffect, useState } from 'preact/hooks';
import nl from './locales/nl.json';
import en from './locales/en.json';

export type Lang = 'nl' | 'en';
type Dict = Record<string, string>;
const dicts: Record<Lang, Dict> = { nl: nl as Dict, en: en as Dict };
const KEY = 'samenbord.lang';

function initialLang(): Lang {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'en' || v === 'nl') return v;
  } catch {
    /* storage may be blocked */
  }
  return 'nl';
}

let lang: Lang = typeof localStorage === 'undefined' ? 'nl' : initialLang();
// The page says which language it speaks (screen readers pronounce by it),
// also after a reload in English.
if (typeof document !== 'undefined') document.documentElement.lang = lang;
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

export function t(key: string, params?: Record<string, string | number>): string {
  const s = dicts[lang][key] ?? dicts.nl[key] ?? key;
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** Label for a participant role key (board-member, mentor, …). */
export function roleLabel(role: string): string {
  const k = `role.${role}`;
  return dicts[lang][k] ?? dicts.nl[k] ?? role;
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return lang;
}
