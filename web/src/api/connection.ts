// Whether the last request reached the server. A network failure turns the retry banner on;
// the next answer (or the browser's `online` event followed by a retry) turns it off.
type Listener = () => void;

export class Connection {
  private lost = false;
  private listeners = new Set<Listener>();

  get isLost(): boolean {
    return this.lost;
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  set(lost: boolean): void {
    if (this.lost !== lost) {
      this.lost = lost;
      for (const l of this.listeners) l();
    }
  }
}
