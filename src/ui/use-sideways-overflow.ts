/**
 * Whether an element that scrolls sideways has more to show to its right: the lab menu on a phone
 * and a byte map wider than the screen say so, instead of hiding half their content silently.
 */
import { useEffect, useState, type RefObject } from 'react';

export function useSidewaysOverflow(ref: RefObject<HTMLElement | null>): boolean {
  const [more, setMore] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () =>
      setMore(element.scrollLeft + element.clientWidth < element.scrollWidth - 1);
    // No measure here: reading scrollWidth right after React wrote the DOM forces a synchronous
    // layout of the page; the observer's first report (made with the layout already done) measures.
    const resizes = new ResizeObserver(measure);
    resizes.observe(element);
    element.addEventListener('scroll', measure, { passive: true });
    return () => {
      resizes.disconnect();
      element.removeEventListener('scroll', measure);
    };
  }, [ref]);
  return more;
}
