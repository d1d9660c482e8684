import type { Socket } from 'node:net';

/** How long a refused request's unread body is read and discarded after the answer, at most. */
export const LINGER_MS = 2_000;

/**
 * Closes a connection whose request body was not read (a refusal by size, rate or key) the way web servers do
 * ("lingering close", as Apache and nginx): after the answer is written, our side is shut (FIN) and what the client
 * still sends is read and discarded until it closes its side, or for LINGER_MS at most. Closing at once with unread
 * bytes makes the kernel answer them with a reset, and a reset can destroy the 413 before a client that is still
 * writing has read it: it then sees EPIPE or ECONNRESET instead of the refusal and its hint.
 *
 * Node's HTTP server ends a `connection: close` exchange with `socket.destroySoon()`; this replaces it for one socket.
 */
export function lingerOnClose(socket: Socket): void {
  socket.destroySoon = function lingeringClose(this: Socket) {
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    this.once('end', () => this.destroy());
    this.on('error', () => this.destroy());
    this.end();
    this.resume();
  };
}
