import { useEffect, useState } from 'preact/hooks';

/** The marks GET /v1/live sends: the latest ingest request and anchored batch of the organisation. */
export interface LiveMarks {
  ingest: string | null;
  anchored: string | null;
}

/** Several events within this time cause one reload (a gateway sending every second does not reload every second). */
const SETTLE_MS = 1000;

/**
 * The organisation's live marks, moved by the server's events (readings arrived, a batch anchored). Pages put the
 * marks in their effects' dependencies and reload what they show when they move. `connected` is false while the
 * stream is down; EventSource reconnects by itself.
 */
export function useLiveMarks(): { marks: LiveMarks | null; connected: boolean } {
  const [marks, setMarks] = useState<LiveMarks | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource('/v1/live');
    let pending: LiveMarks | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const receive = (event: MessageEvent<string>) => {
      pending = JSON.parse(event.data) as LiveMarks;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        setMarks(pending);
      }, SETTLE_MS);
    };
    source.addEventListener('marks', (event) => {
      setConnected(true);
      setMarks(JSON.parse((event as MessageEvent<string>).data) as LiveMarks);
    });
    source.addEventListener('readings', receive as EventListener);
    source.addEventListener('anchored', receive as EventListener);
    source.onerror = () => setConnected(false);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);
  return { marks, connected };
}
