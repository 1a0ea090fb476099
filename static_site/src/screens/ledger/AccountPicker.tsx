import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { Field } from '../../components/Field';
import { t } from './messages';
import type { Account } from '../../api/ledger';
import { matchesSearch } from './tree';

/** At most this many suggestions: enough to choose from, few enough for a phone's screen. */
const MAX_OPTIONS = 40;

interface AccountPickerProps {
  readonly id: string;
  readonly label: string;
  /** Accounts that can be chosen, in code order. */
  readonly accounts: readonly Account[];
  readonly value: string | null;
  readonly onChange: (accountId: string | null) => void;
  readonly error?: string | undefined;
  /** Said under the label, after how to choose. */
  readonly hint?: string;
  /** Marked "optional": leaving it empty is an answer (an item's default income account). */
  readonly optional?: boolean;
}

export function accountLabel(account: Pick<Account, 'code' | 'name'>): string {
  return `${account.code} · ${account.name}`;
}

/**
 * Chooses an account by typing part of its code or name: an ARIA combobox with a list of
 * suggestions, worked by touch, mouse or keyboard (arrows, Enter, Esc). Typing an exact
 * code and leaving the field chooses that account.
 */
export function AccountPicker({ id, label, accounts, value, onChange, error, hint, optional = false }: AccountPickerProps) {
  const selected = accounts.find((account) => account.id === value) ?? null;
  const [text, setText] = useState(selected === null ? '' : accountLabel(selected));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  /** What was typed and left matches no account: said as soon as the field is left. */
  const [unmatched, setUnmatched] = useState<string | null>(null);
  const listId = `${useId()}-options`;
  const list = useRef<HTMLUListElement>(null);

  /** The last choice this field reported, to tell its own changes from a reset outside. */
  const reported = useRef(value);
  const report = (accountId: string | null): void => {
    reported.current = accountId;
    onChange(accountId);
  };

  // The chosen account's label when the choice changes from outside (a reset), or when the
  // chart arrives after the choice was made.
  useEffect(() => {
    if (value !== reported.current || (selected !== null && text === '')) {
      reported.current = value;
      setText(selected === null ? '' : accountLabel(selected));
    }
  }, [value, selected?.id]);

  const query = selected !== null && text === accountLabel(selected) ? '' : text;
  const options = useMemo(
    () => accounts.filter((account) => matchesSearch(account, query)).slice(0, MAX_OPTIONS),
    [accounts, query],
  );

  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, open]);

  const choose = (account: Account): void => {
    setUnmatched(null);
    setText(accountLabel(account));
    setOpen(false);
    report(account.id);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(0);
        } else {
          setActive((index) => Math.min(index + 1, options.length - 1));
        }
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((index) => Math.max(index - 1, 0));
        break;
      case 'Enter': {
        const account = options[active];
        if (open && account !== undefined) {
          event.preventDefault();
          choose(account);
        }
        break;
      }
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setText(selected === null ? text : accountLabel(selected));
        }
        break;
      default:
        break;
    }
  };

  const onBlur = (): void => {
    setOpen(false);
    if (selected !== null && text === accountLabel(selected)) {
      return;
    }
    const typed = text.trim().toUpperCase();
    const exact = accounts.find((account) => account.code.toUpperCase() === typed);
    if (exact !== undefined) {
      choose(exact);
    } else if (text.trim() === '') {
      report(null);
    } else if (selected !== null) {
      // Something half-typed over a choice: the choice stands, and says so.
      setText(accountLabel(selected));
    } else {
      setUnmatched(text.trim());
    }
  };

  const activeOption = open ? options[active] : undefined;
  return (
    <Field
      id={id}
      label={label}
      error={error ?? (unmatched === null ? undefined : t('ledger.picker.notFound', { typed: unmatched }))}
      optional={optional} hint={hint === undefined ? t('ledger.picker.hint') : `${hint} ${t('ledger.picker.hint')}`}>
      {(control) => (
        <div class="account-picker">
          <input
            {...control}
            class="input"
            type="text"
            name={id}
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open ? 'true' : 'false'}
            aria-controls={listId}
            aria-activedescendant={activeOption === undefined ? undefined : `${listId}-${activeOption.id}`}
            autocomplete="off"
            spellcheck={false}
            value={text}
            onInput={(event) => {
              setText(event.currentTarget.value);
              setUnmatched(null);
              setOpen(true);
              setActive(0);
              if (selected !== null) {
                report(null);
              }
            }}
            onClick={() => setOpen(true)}
            onKeyDown={onKeyDown}
            onBlur={onBlur}
          />
          <ul id={listId} class="account-picker__options" role="listbox" aria-label={label} hidden={!open} ref={list}>
            {options.length === 0 ? (
              <li class="account-picker__none" role="option" aria-disabled="true" aria-selected="false">
                {t('ledger.picker.noMatch')}
              </li>
            ) : (
              options.map((account, index) => (
                <li
                  key={account.id}
                  id={`${listId}-${account.id}`}
                  data-index={index}
                  role="option"
                  aria-selected={index === active ? 'true' : 'false'}
                  class={index === active ? 'account-picker__option account-picker__option--active' : 'account-picker__option'}
                  // Chosen on mouse-down, before the field's blur closes the list.
                  onMouseDown={(event) => {
                    event.preventDefault();
                    choose(account);
                  }}
                >
                  <span class="account-picker__code">{account.code}</span> {account.name}
                </li>
              ))
            )}
          </ul>
        </div>
      )}
    </Field>
  );
}
