// The join QR code and link, rendered in the browser (no third-party calls),
// with a projector view that fills the screen.
import QRCode from 'qrcode';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

export function JoinQr({ link, code }: { link: string; code: string }) {
  const [svg, setSvg] = useState('');
  const [projector, setProjector] = useState(false);
  useEffect(() => {
    QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(setSvg, () => setSvg(''));
  }, [link]);
  useEffect(() => {
    if (!projector) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setProjector(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [projector]);
  const qr = <div class="qr" role="img" aria-label={t('qr.aria', { link })} dangerouslySetInnerHTML={{ __html: svg }} />;
  return (
    <section class="panel join-qr" aria-labelledby="qr-h">
      <h2 id="qr-h">{t('qr.title')}</h2>
      {qr}
      <p class="join-code">
        {t('qr.code')} <strong>{code}</strong>
      </p>
      <p>
        <a href={link}>{link}</a>
      </p>
      <div class="tool-row">
        <button type="button" class="btn" onClick={() => navigator.clipboard?.writeText(link)}>
          {t('qr.copy')}
        </button>
        <button type="button" class="btn-primary" onClick={() => setProjector(true)}>
          {t('qr.projector')}
        </button>
      </div>
      {projector && (
        <div class="projector" role="dialog" aria-modal="true" aria-label={t('qr.projector')}>
          <p class="projector-lead">{t('qr.projectorLead')}</p>
          {qr}
          <p class="projector-link">{link.replace(/^https?:\/\//, '')}</p>
          <p class="projector-code">{code}</p>
          <button type="button" class="btn" autoFocus onClick={() => setProjector(false)}>
            {t('qr.close')}
          </button>
        </div>
      )}
    </section>
  );
}
