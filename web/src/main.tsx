// Entry point: mounts the app.
import { render } from 'preact';
import { App } from './App';
import { registerServiceWorker } from './serviceWorker';
import './styles.css';

render(<App />, document.getElementById('app')!);
registerServiceWorker();
