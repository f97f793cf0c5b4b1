// Browser entry point: renders the dashboard into #app.
import { h, render } from 'preact';
import { App } from './app/app';

render(h(App, {}), document.getElementById('app')!);
