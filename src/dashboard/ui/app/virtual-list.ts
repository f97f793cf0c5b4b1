// VirtualList: a scrolling list of fixed-height rows that renders only the rows in view (plus a margin), so
// a thousand pods cost a few dozen DOM rows. Scroll positions are read once per animation frame.
import { h, type ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** Height of the scrolling box (CSS length). */
  height: string;
  keyOf(item: T): string;
  renderRow(item: T): ComponentChild;
  label?: string;
}

const OVERSCAN = 8;

/** The index range [first, last) to draw for a viewport. Exported for its test. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN);
  return { first, last };
}

export function VirtualList<T>(p: VirtualListProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });
  useEffect(() => {
    const el = box.current!;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setView({ top: el.scrollTop, height: el.clientHeight || 800 });
    };
    const onScroll = () => (frame ||= requestAnimationFrame(measure));
    el.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    measure();
    return () => {
      el.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
  const { first, last } = visibleRange(view.top, view.height, p.rowHeight, p.items.length);
  const rows: ComponentChild[] = [];
  for (let i = first; i < last; i++) {
    const item = p.items[i]!;
    rows.push(
      h(
        'div',
        {
          key: p.keyOf(item),
          class: 'vrow',
          role: 'row',
          style: { top: `${i * p.rowHeight}px`, height: `${p.rowHeight}px` },
        },
        p.renderRow(item),
      ),
    );
  }
  return h(
    'div',
    {
      ref: box,
      class: 'vlist',
      role: 'table',
      'aria-label': p.label,
      'aria-rowcount': p.items.length,
      style: { height: p.height },
    },
    h('div', { class: 'vspace', style: { height: `${p.items.length * p.rowHeight}px` } }, rows),
  );
}
