// A QR code for a link, drawn in the browser (no third-party calls).
import QRCode from 'qrcode';
import { useEffect, useState } from 'preact/hooks';

/** `link` as a QR code, read out to screen readers as `label`. */
export function QrCode({ link, label }: { link: string; label: string }) {
  const [svg, setSvg] = useState('');
  useEffect(() => {
    QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(setSvg, () => setSvg(''));
  }, [link]);
  return <div class="qr" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}
