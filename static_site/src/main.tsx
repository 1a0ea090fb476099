import { render } from 'preact';
import { App } from './app/App';
import { registerServiceWorker } from './sw/register';
import './styles/app.css';

const root = document.getElementById('app');
if (root === null) {
  throw new Error('index.html has no #app element');
}
render(<App />, root);
registerServiceWorker();
