// A pod's log, followed: streams /pods/<name>/log?follow=true into a scrolling box (capped, oldest text
// dropped first) until the panel closes; when the log cannot be read the API's reason is shown as is.
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { followLogs } from './api';
import type { ObjectRef } from './common';

const MAX_CHARS = 512 * 1024;

export function LogsPanel({ of, containers }: { of: ObjectRef; containers: string[] }) {
  const [container, setContainer] = useState(containers[0]);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<{ state: 'streaming' | 'ended' | 'failed'; error?: string }>({
    state: 'streaming',
  });
  const pre = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const abort = new AbortController();
    let buffer = '';
    let frame = 0;
    setText('');
    setStatus({ state: 'streaming' });
    const onText = (chunk: string) => {
      buffer = (buffer + chunk).slice(-MAX_CHARS);
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        setText(buffer);
      });
    };
    followLogs(of.namespace ?? 'default', of.name, container, onText, abort.signal).then(
      () => !abort.signal.aborted && setStatus({ state: 'ended' }),
      (e: Error) => !abort.signal.aborted && setStatus({ state: 'failed', error: e.message }),
    );
    return () => {
      abort.abort();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [of.uid, container]);
  useEffect(() => {
    const el = pre.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [text]);
  return h(
    'div',
    { class: 'logs' },
    containers.length > 1
      ? h(
          'label',
          {},
          'Container ',
          h(
            'select',
            { value: container, onChange: (e: Event) => setContainer((e.target as HTMLSelectElement).value) },
            containers.map((c) => h('option', { key: c, value: c }, c)),
          ),
        )
      : null,
    status.state === 'failed'
      ? h('p', { class: 'error', role: 'alert' }, `Could not read the log: ${status.error}`)
      : null,
    h('pre', { ref: pre, class: 'log' }, text || (status.state === 'streaming' ? 'Waiting for output…' : '')),
    status.state === 'ended' ? h('p', { class: 'muted' }, 'The log stream ended.') : null,
  );
}
