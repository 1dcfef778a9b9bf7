/**
 * Entry point: reads the state from the URL hash (telling the user what it refused) and starts
 * the playground.
 */
import { startApp } from './app.js';
import { parseHash } from './state/hash.js';
import { Store } from './state/store.js';
import { byId } from './ui/dom.js';
import { Notices } from './ui/notices.js';

const notices = new Notices(byId('notices'));
const { state, notices: refused } = parseHash(window.location.hash);
notices.showAll(refused, 'alert');
startApp(new Store(state), notices);
