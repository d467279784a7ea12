// Export buttons: each fetches the file with the organiser's bearer header
// (a plain link cannot carry it) and hands it to the browser as a download.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { exportFileName } from './model';
import type { ExportKey } from './types';

const FORMATS: ExportKey[] = ['md', 'html', 'docx', 'pdf', 'csv', 'json'];

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function Exports({ sessionId, secret, round }: { sessionId: string; secret: string; round: string | null }) {
  const [busy, setBusy] = useState<ExportKey | null>(null);
  const [error, setError] = useState('');
  const download = async (format: ExportKey) => {
    setBusy(format);
    setError('');
    try {
      const { blob, disposition } = await api.summaryExport(sessionId, secret, round, format);
      save(blob, exportFileName(disposition, sessionId, format, round));
    } catch (e) {
      setError((e as Error).message || t('error.generic'));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="panel exports" aria-labelledby="exports-h">
      <h2 id="exports-h">{t('summary.exports')}</h2>
      <div class="tool-row">
        {FORMATS.map((f) => (
          <button type="button" class="btn" key={f} disabled={busy !== null} aria-label={t('summary.exportAs', { format: t(`summary.format.${f}`) })} onClick={() => download(f)}>
            {busy === f ? t('summary.exporting') : t(`summary.format.${f}`)}
          </button>
        ))}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
