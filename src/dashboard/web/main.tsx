import { render } from 'preact';
import { adoptTokenFromLink } from './api.ts';
import { Dashboard } from './Dashboard.tsx';
import './styles.css';

// Before anything asks the gateway: the first requests carry the token of the link.
adoptTokenFromLink();
render(<Dashboard />, document.getElementById('dashboard')!);
