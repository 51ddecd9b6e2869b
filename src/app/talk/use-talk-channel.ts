/** The deck's BroadcastChannel: messages checked by parseTalkMessage, and a way to send. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { TALK_CHANNEL, parseTalkMessage, type TalkMessage } from './messages';

/**
 * Listens on the talk's channel for as long as the component is mounted; `onMessage` receives
 * only messages that passed the check. Returns `post`, which does nothing where the browser has
 * no BroadcastChannel.
 */
export function useTalkChannel(
  isSlide: (id: string) => boolean,
  onMessage: (message: TalkMessage) => void,
): (message: TalkMessage) => void {
  const channel = useRef<BroadcastChannel | null>(null);
  const latest = useRef(onMessage);
  useEffect(() => {
    latest.current = onMessage;
  });
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const opened = new BroadcastChannel(TALK_CHANNEL);
    channel.current = opened;
    opened.onmessage = (event: MessageEvent) => {
      const message = parseTalkMessage(event.data, isSlide);
      if (message) latest.current(message);
    };
    return () => {
      channel.current = null;
      opened.close();
    };
  }, [isSlide]);
  return useCallback((message: TalkMessage) => channel.current?.postMessage(message), []);
}

/** The current time, refreshed twice a second while `ticking` (a running clock on screen). */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [ticking]);
  return now;
}
