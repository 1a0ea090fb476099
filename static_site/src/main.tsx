import { render } from 'preact';
import { App } from './app/App';
import { restoreTheme } from './app/theme';
import { restoreLanguage } from './i18n';
import { startSync } from './offline/sync';
import { registerServiceWorker } from './sw/register';
import './styles/app.css';

const root = document.getElementById('app');
if (root === null) {
  throw new Error('index.html has no #app element');
}
restoreTheme();
restoreLanguage();
render(<App />, root);
registerServiceWorker();
startSync();
