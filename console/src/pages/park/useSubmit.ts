import { useState } from 'preact/hooks';

/** A form field as typed, trimmed ('' when absent). */
export const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

/**
 * The park forms' one submit path: clear the last refusal, send the form's fields, and on success empty the form and
 * tell the page to reload (`done`); a refusal stays on screen as the API worded it (ErrorBox).
 */
export function useSubmit(send: (data: FormData) => Promise<unknown>, done: () => void) {
  const [error, setError] = useState<unknown>();
  async function submit(form: HTMLFormElement) {
    setError(undefined);
    try {
      await send(new FormData(form));
      form.reset();
      done();
    } catch (e) {
      setError(e);
    }
  }
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void submit(e.currentTarget as HTMLFormElement);
  };
  return { error, onSubmit };
}
