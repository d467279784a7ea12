// "Also on another device": the participant's own link and its QR code, so
// a phone and a laptop are one person, not two.
import { useState } from 'preact/hooks';
import { QrCode } from '../components/QrCode';
import { t } from '../i18n';
import { deviceLink } from './deviceLink';

export function OtherDevice({ code, token }: { code: string; token: string }) {
  const [copied, setCopied] = useState(false);
  const link = deviceLink(code, token);
  return (
    <details class="panel other-device">
      <summary>{t('device.title')}</summary>
      <p>{t('device.help')}</p>
      <QrCode link={link} label={t('device.qr')} />
      <label class="field">
        {t('device.label')}
        <input readOnly value={link} onFocus={(e) => (e.target as HTMLInputElement).select()} />
      </label>
      <button type="button" class="btn" onClick={() => navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false))}>
        {t('keep.copy')}
      </button>
      {copied && <p role="status">{t('keep.copied')}</p>}
    </details>
  );
}
