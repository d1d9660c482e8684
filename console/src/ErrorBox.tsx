import { ApiError } from './api';
import { t } from './i18n';

/** A refusal as the API worded it: message, code and the hint that says what to do. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : undefined;
  return (
    <div class="error" role="alert">
      <strong>{apiError ? apiError.message : String(error)}</strong>
      {apiError && <code class="error-code">{apiError.code}</code>}
      {apiError?.hint && (
        <p class="error-hint">
          {t('errorHint')}: {apiError.hint}
        </p>
      )}
    </div>
  );
}
