// Subscribes a component to an Automerge DocHandle: the current doc as state.
import type { DocHandle } from '@automerge/automerge-repo';
import { useEffect, useState } from 'preact/hooks';

export function useDoc<T>(handle: DocHandle<T> | null): T | undefined {
  const [doc, setDoc] = useState<T | undefined>(() => handle?.doc());
  useEffect(() => {
    if (!handle) {
      setDoc(undefined);
      return;
    }
    setDoc(handle.doc());
    const onChange = () => setDoc(handle.doc());
    handle.on('change', onChange);
    return () => {
      handle.off('change', onChange);
    };
  }, [handle]);
  return doc;
}
