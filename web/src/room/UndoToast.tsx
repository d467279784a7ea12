// "Notitie verwijderd — Ongedaan maken": the undo toast after a delete.
import { useEffect } from 'preact/hooks';
import { t } from '../i18n';

export function UndoToast({ message, onUndo, onClose }: { message: string; onUndo: () => void; onClose: () => void }) {
  useEffect(() => {
    const id = setTimeout(onClose, 8000);
    return () => clearTimeout(id);
  }, [message, onUndo]);
  return (
    <div class="toast" role="status">
      <span>{message}</span>
      <button
        type="button"
        class="btn-small"
        onClick={() => {
          onUndo();
          onClose();
        }}
      >
        {t('undo')}
      </button>
      {/* On a phone the toast sits over the next note's menu; whoever
          does not want to wait eight seconds closes it. */}
      <button type="button" class="toast-dismiss" aria-label={t('toast.dismiss')} onClick={onClose}>
        ×
      </button>
    </div>
  );
}
