import { render } from 'preact';
import { Dashboard } from './Dashboard.tsx';
import './styles.css';

render(<Dashboard />, document.getElementById('dashboard')!);
