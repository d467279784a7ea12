// Language switch (Nederlands / English), persisted.
import { getLang, setLang, t } from '../i18n';

export function LangSwitch() {
  const next = getLang() === 'nl' ? 'en' : 'nl';
  return (
    <button type="button" class="btn-link lang-switch" lang={next} aria-label={t('lang.switchTo')} onClick={() => setLang(next)}>
      {next === 'en' ? 'English' : 'Nederlands'}
    </button>
  );
}
