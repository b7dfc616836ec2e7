'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { PersonOption } from '@/lib/clients/search-people';

/** One result of GET /api/people/search. */
export type PickerPerson = PersonOption;

type SearchStatus = 'idle' | 'searching' | 'done' | 'error';

export const SEARCH_DEBOUNCE_MS = 250;

function isPerson(value: unknown): value is PickerPerson {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    (v.email === null || typeof v.email === 'string') &&
    (v.source === 'practice' || v.source === 'project_b')
  );
}

async function errorMessageOf(response: Response): Promise<string> {
  if (response.status === 401) return 'Your sign-in has expired. Sign in again to search.';
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string' && body.error) return body.error;
  } catch {
    // Not JSON: fall through to the generic message.
  }
  return 'Search failed. Try again in a moment.';
}

function SourceBadge({ source }: { source: PickerPerson['source'] }) {
  return source === 'project_b' ? (
    <span className="badge project-b" data-test="badge-project-b">
      Project B
    </span>
  ) : (
    <span className="badge practice" data-test="badge-practice">
      Practice
    </span>
  );
}

/**
 * The booking form's client field: a WAI-ARIA combobox (editable, list
 * autocomplete) over GET /api/people/search. Focus stays in the input; the
 * highlighted option is announced through aria-activedescendant. Typing after
 * a choice clears it, so the hidden clientId is only ever a chosen person.
 */
export function ClientPicker({
  id,
  name,
  initial,
  invalid,
  errorId,
}: {
  id: string;
  name: string;
  initial: PickerPerson | null;
  invalid?: boolean;
  /** id of the field's error message, for aria-describedby. */
  errorId?: string;
}) {
  const [selected, setSelected] = useState<PickerPerson | null>(initial);
  const [query, setQuery] = useState(initial?.name ?? '');
  const [results, setResults] = useState<PickerPerson[]>([]);
  const [status, setStatus] = useState<SearchStatus>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);

  const baseId = useId();
  const listboxId = `${baseId}-listbox`;
  const statusId = `${baseId}-status`;
  const optionId = (index: number) => `${baseId}-option-${index}`;

  const text = query.trim();
  useEffect(() => {
    // Nothing to look up, or the text is the chosen person's name.
    if (!text || selected) return;
    const controller = new AbortController();
    const search = async () => {
      try {
        const response = await fetch(`/api/people/search?q=${encodeURIComponent(text)}`, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
          cache: 'no-store',
        });
        if (!response.ok) {
          const failure = await errorMessageOf(response);
          if (controller.signal.aborted) return;
          setResults([]);
          setMessage(failure);
          setStatus('error');
          return;
        }
        const body = (await response.json()) as { results?: unknown; notice?: unknown };
        if (controller.signal.aborted) return;
        const people = Array.isArray(body.results) ? body.results.filter(isPerson) : [];
        setResults(people);
        setActive(people.length ? 0 : -1);
        setMessage(typeof body.notice === 'string' ? body.notice : null);
        setStatus('done');
      } catch {
        // An aborted request is a superseded one, not a failure.
        if (controller.signal.aborted) return;
        setResults([]);
        setMessage('Search failed. Check your connection and try again.');
        setStatus('error');
      }
    };
    // search catches its own failures, so the timer has nothing to wait for.
    const timer = setTimeout(() => void search(), SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, selected]);

  // Keep the highlighted option in view while moving through a long list.
  useEffect(() => {
    if (!open || active < 0) return;
    listRef.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [active, open]);

  function choose(person: PickerPerson) {
    setSelected(person);
    setQuery(person.name);
    setOpen(false);
    setActive(-1);
  }

  function onChange(value: string) {
    setQuery(value);
    setSelected(null);
    setActive(-1);
    setMessage(null);
    if (value.trim()) {
      setOpen(true);
      setStatus('searching');
    } else {
      setOpen(false);
      setResults([]);
      setStatus('idle');
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = results.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) {
          setOpen(true);
          if (count) setActive(event.altKey ? -1 : 0);
        } else if (count) {
          setActive((index) => (index + 1) % count);
        }
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!open) {
          setOpen(true);
          if (count) setActive(count - 1);
        } else if (count) {
          setActive((index) => (index <= 0 ? count - 1 : index - 1));
        }
        break;
      case 'Enter': {
        // While the list is open, Enter picks; it must not submit the form.
        if (!open) break;
        event.preventDefault();
        const person = results[active];
        if (person) choose(person);
        break;
      }
      case 'Escape':
        if (open) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (query) {
          event.preventDefault();
          onChange('');
        }
        break;
      default:
        break;
    }
  }

  const showList = open && results.length > 0 && status === 'done';
  let statusText: string | null = null;
  if (open && status === 'searching') statusText = 'Searching…';
  else if (status === 'error') statusText = message;
  else if (open && status === 'done') statusText = results.length === 0 ? 'No matches' : message;
  const countText = showList ? `${results.length} ${results.length === 1 ? 'match' : 'matches'}; use the up and down arrows to choose.` : '';

  return (
    <div className="picker">
      <div className="combobox">
        <input
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listboxId}
          aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={[statusId, errorId].filter(Boolean).join(' ')}
          autoComplete="off"
          spellCheck={false}
          placeholder="Search by name or e-mail"
          value={query}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            setActive(-1);
          }}
          onFocus={() => {
            if (!selected && text && results.length) setOpen(true);
          }}
          data-test="client-picker"
        />
        <input type="hidden" name={name} value={selected?.id ?? ''} data-test="client-id" />
        {/* Lets the booking skip a step for people not yet in the practice; the server treats it as a hint only. */}
        <input type="hidden" name="clientSource" value={selected?.source ?? ''} />

        <ul ref={listRef} id={listboxId} role="listbox" aria-label="Matching people" hidden={!showList} data-test="client-options">
          {results.map((person, index) => (
            <li
              key={`${person.source}-${person.id}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              // Keeps focus in the input, so a click does not blur and close the list first.
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => setActive(index)}
              onClick={() => choose(person)}
              data-test="client-option"
              data-source={person.source}
            >
              <span>
                <span className="option-name">{person.name}</span>
                {person.email ? <span className="option-detail"> · {person.email}</span> : null}
              </span>
              <SourceBadge source={person.source} />
            </li>
          ))}
        </ul>
      </div>

      <span
        id={statusId}
        role="status"
        aria-live="polite"
        className={status === 'error' ? 'picker-status error' : 'picker-status'}
        data-test="client-picker-status"
      >
        {statusText}
        {countText ? <span className="visually-hidden">{countText}</span> : null}
      </span>

      {selected ? (
        <p className="picker-selection" data-test="client-picker-selection">
          <span>
            Selected: <strong>{selected.name}</strong>
            {selected.email ? <span className="muted"> · {selected.email}</span> : null}
          </span>
          <SourceBadge source={selected.source} />
          {selected.source === 'project_b' ? <span className="muted">Added to your clients when you book.</span> : null}
        </p>
      ) : null}
    </div>
  );
}
