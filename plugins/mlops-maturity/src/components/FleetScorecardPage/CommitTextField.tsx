/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { useEffect, useState } from 'react';
import TextField from '@material-ui/core/TextField';

/**
 * A text field that applies its value when the user presses Enter or leaves
 * the field, so that typing does not send a request per key.
 */
export function CommitTextField(props: {
  id: string;
  label: string;
  value: string | undefined;
  placeholder?: string;
  helperText?: string;
  /** Values to suggest as the user types (an HTML datalist). */
  suggestions?: string[];
  onCommit: (value: string | undefined) => void;
}) {
  const { id, label, value, placeholder, helperText, suggestions, onCommit } =
    props;
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const commit = () => {
    const next = text.trim() || undefined;
    if (next !== (value || undefined)) onCommit(next);
  };
  const listId = suggestions?.length ? `${id}-suggestions` : undefined;
  const field = (
    <TextField
      id={id}
      label={label}
      value={text}
      placeholder={placeholder}
      helperText={helperText}
      size="small"
      variant="outlined"
      fullWidth
      onChange={e => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={e => {
        if (e.key === 'Enter') commit();
      }}
      inputProps={listId ? { list: listId } : undefined}
    />
  );
  if (!listId) return field;
  return (
    <>
      {field}
      <datalist id={listId}>
        {suggestions!.map(s => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </>
  );
}
