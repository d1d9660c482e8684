/** What a secret is replaced with. */
export const REDACTED = '***';

/** A URL inside free text (an error message, a stack): scheme://, then anything up to a space or a quote. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/**
 * A URL fit to print: user name and password, and the value of every query parameter, replaced by `***`
 * (`https://***:***@rpc.example.com/?apikey=***`). Connection strings carry their secrets there: RPC_URL's
 * credentials or API key, DATABASE_URL's password, MQTT_URL's and IPFS_API_URL's user and password. Every query value
 * goes, not only those named like tokens, because providers name them freely (key, apikey, token, auth, sig ...).
 * Text that does not parse as a URL keeps only what cannot hold a secret: its scheme.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url);
    return scheme ? `${scheme[0]}${REDACTED}` : REDACTED;
  }
  if (!parsed.username && !parsed.password && !parsed.search) return url;
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const key of new Set(parsed.searchParams.keys())) parsed.searchParams.set(key, REDACTED);
  return parsed.toString();
}

/** Free text with every URL in it redacted (error messages and stacks that echo a connection string). */
export function redactUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (match) => {
    // Punctuation that ends the sentence around a URL is not part of it ("... to http://host/: refused").
    const [, url, tail] = /^(.*?)([.,;:)\]]*)$/s.exec(match) as RegExpExecArray;
    return redactUrl(url) + tail;
  });
}
