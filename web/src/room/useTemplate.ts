// Loads a card template (the server's TemplateView); caches per id for the
// page lifetime and keeps the last copy for an offline reload.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Template } from './template';

const cache = new Map<string, Promise<Template>>();

export function loadTemplate(id: string): Promise<Template> {
  let p = cache.get(id);
  if (!p) {
    p = api.template(id).then(
      (raw) => {
        try {
          localStorage.setItem(`samenbord.template.${id}`, JSON.stringify(raw));
        } catch {
          /* storage full or blocked */
        }
        return raw;
      },
      (e) => {
        // Offline reload: use the copy kept from the last visit.
        const kept = localStorage.getItem(`samenbord.template.${id}`);
        if (kept) return JSON.parse(kept) as Template;
        throw e;
      },
    );
    p.catch(() => cache.delete(id));
    cache.set(id, p);
  }
  return p;
}

export function useTemplate(id: string | null | undefined): { template: Template | null; error: boolean } {
  const [state, setState] = useState<{ template: Template | null; error: boolean }>({ template: null, error: false });
  useEffect(() => {
    if (!id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const attempt = () =>
      loadTemplate(id).then(
        (tpl) => live && setState({ template: tpl, error: false }),
        () => {
          if (!live) return;
          setState((s) => ({ ...s, error: true }));
          timer = setTimeout(attempt, 3000);
        },
      );
    attempt();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);
  return state;
}
