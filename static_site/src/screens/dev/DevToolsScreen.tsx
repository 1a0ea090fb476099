import { Link } from '../../app/Link';
import { t } from './messages';

/** The one navigation entry of the developer tools: the dev mailbox and the components gallery. */
export default function DevToolsScreen() {
  return (
    <section class="screen" aria-labelledby="dev-title">
      <h1 id="dev-title">{t('nav.developer')}</h1>
      <p>{t('dev.intro')}</p>
      <ul class="link-list">
        <li>
          <Link href="/dev/mailbox">{t('nav.devMailbox')}</Link> <span class="muted">{t('dev.mailbox')}</span>
        </li>
        <li>
          <Link href="/dev/components">{t('nav.gallery')}</Link> <span class="muted">{t('dev.gallery')}</span>
        </li>
      </ul>
    </section>
  );
}
