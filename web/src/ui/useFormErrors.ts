import { useState } from 'react';
import { ApiError, type FieldErrors } from '../api/errors';

/**
 * Maps a failed submit to field errors (shown next to their inputs) and a form-level error
 * (shown above the buttons). `aliases` maps server field names to form field names.
 * The inputs keep what the person typed: only errors change.
 */
export function useFormErrors(aliases: Record<string, string> = {}) {
  const [fields, setFields] = useState<FieldErrors>({});
  const [form, setForm] = useState<unknown>(null);
  return {
    fields,
    form,
    clear() {
      setFields({});
      setForm(null);
    },
    clearField(name: string) {
      setFields((f) => {
        if (!(name in f)) return f;
        const { [name]: _drop, ...rest } = f;
        return rest;
      });
    },
    fail(error: unknown) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
        const mapped: FieldErrors = {};
        for (const [k, v] of Object.entries(error.fieldErrors)) mapped[aliases[k] ?? k] = v;
        setFields(mapped);
        setForm(null);
      } else {
        setFields({});
        setForm(error);
      }
    },
  };
}
