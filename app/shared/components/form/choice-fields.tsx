import type { ChangeEvent, ReactNode } from 'react'
import { describedControl, FieldError, FieldHint, FieldLabel, useFieldId, type FieldFrame } from '~/shared/components/form/field-parts'

export interface Choice {
  value: string
  label: string
}

type SelectValue = string | number | null | undefined

/** The select's own options: a disabled « choose » prompt, or an empty « any/none » answer, then the list. */
function Options({ options, placeholder, emptyOption }: { options: Choice[]; placeholder?: string; emptyOption?: string }) {
  return (
    <>
      {placeholder ? (
        <option value="" disabled>
          {placeholder}
        </option>
      ) : null}
      {emptyOption !== undefined ? <option value="">{emptyOption}</option> : null}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  )
}

const asValue = (value: SelectValue) => (value === null || value === undefined ? '' : String(value))

/** A select in a form to fill in: labelled, hint and errors tied to it, optional ones marked like the other fields. */
export function SelectField({
  label,
  name,
  id: fixedId,
  hint,
  errors,
  options,
  placeholder,
  emptyOption,
  defaultValue,
  required,
}: FieldFrame & {
  options: Choice[]
  /** A first, disabled option asking to choose: the select starts unanswered. */
  placeholder?: string
  /** A first option that is an answer in itself (« none »), sent as ''. */
  emptyOption?: string
  defaultValue?: SelectValue
  required?: boolean
}) {
  const id = useFieldId(fixedId, name)
  return (
    <div className="field">
      <FieldLabel htmlFor={id} label={label} optional={!required} />
      <FieldHint id={id} hint={hint} />
      <select id={id} name={name} required={required} defaultValue={asValue(defaultValue)} {...describedControl(id, hint, errors)}>
        <Options options={options} placeholder={placeholder} emptyOption={emptyOption} />
      </select>
      <FieldError id={id} errors={errors} />
    </div>
  )
}

/**
 * A select of a search or list filter (a GET form): every filter may be left as it is, so none is
 * marked optional. `inline` puts the label beside it, for a toolbar.
 */
export function FilterSelect({
  label,
  name,
  id: fixedId,
  value,
  options,
  anyLabel,
  inline,
}: {
  label: string
  name: string
  id?: string
  value?: SelectValue
  options: Choice[]
  /** The first option, sent as '': no filter. */
  anyLabel?: string
  inline?: boolean
}) {
  const id = useFieldId(fixedId, name)
  const select = (
    <select id={inline ? fixedId : id} name={name} defaultValue={asValue(value)}>
      <Options options={options} emptyOption={anyLabel} />
    </select>
  )
  if (inline)
    return (
      <label className="inline-field">
        <span>{label}</span>
        {select}
      </label>
    )
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {select}
    </div>
  )
}

/** One box to tick, its text beside it; a hint or an error below, tied to it. */
export function CheckboxField({
  label,
  name,
  id: fixedId,
  hint,
  errors,
  defaultChecked,
  onChange,
}: Omit<FieldFrame, 'label'> & { label: ReactNode; defaultChecked?: boolean; onChange?: (event: ChangeEvent<HTMLInputElement>) => void }) {
  const id = useFieldId(fixedId, name)
  return (
    <>
      <label className="checkbox">
        <input type="checkbox" id={id} name={name} defaultChecked={defaultChecked} onChange={onChange} {...describedControl(id, hint, errors)} />
        <span>{label}</span>
      </label>
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} errors={errors} />
    </>
  )
}

/**
 * How a group of choices looks: `cards` are the bordered rows of a question with one answer,
 * `list` plain boxes under a legend, `facets` the dense rows of a search's facets with a count.
 */
const LOOKS = {
  cards: { group: 'field radios', option: 'radio', text: undefined },
  list: { group: undefined, option: 'checkbox', text: undefined },
  facets: { group: 'facet', option: 'facet__option', text: 'facet__label' },
} as const

interface GroupOption extends Choice {
  /** Shown after the label, e.g. a facet's count. */
  detail?: ReactNode
}

function ChoiceGroup({
  type,
  legend,
  name,
  hint,
  errors,
  options,
  isChecked,
  onChange,
  required,
  look,
  children,
}: {
  type: 'radio' | 'checkbox'
  legend: string
  name: string
  hint?: string
  errors?: string[]
  options: GroupOption[]
  isChecked: (value: string) => boolean
  onChange?: (value: string) => void
  required?: boolean
  look: keyof typeof LOOKS
  children?: ReactNode
}) {
  const id = useFieldId(undefined, name)
  const classes = LOOKS[look]
  const { 'aria-describedby': describedBy } = describedControl(id, hint, errors)
  return (
    <fieldset className={classes.group} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <FieldHint id={id} hint={hint} />
      {children}
      {options.map((o, index) => (
        <label key={o.value} className={classes.option}>
          <input
            // The first box carries the group's id: the error summary's link lands on it.
            id={index === 0 ? id : undefined}
            type={type}
            name={name}
            value={o.value}
            defaultChecked={isChecked(o.value)}
            onChange={onChange ? () => onChange(o.value) : undefined}
            required={required}
          />
          <span className={classes.text}>{o.label}</span>
          {o.detail}
        </label>
      ))}
      <FieldError id={id} errors={errors} />
    </fieldset>
  )
}

/** A question with one answer among a few, each a bordered row. */
export function RadioGroup({
  legend,
  name,
  options,
  value,
  onChange,
  hint,
  errors,
  children,
}: {
  legend: string
  name: string
  options: Choice[]
  value?: string
  onChange?: (value: string) => void
  hint?: string
  errors?: string[]
  /** Said under the legend, before the choices (e.g. why there are none). */
  children?: ReactNode
}) {
  return (
    <ChoiceGroup
      type="radio"
      look="cards"
      legend={legend}
      name={name}
      options={options}
      isChecked={(v) => v === value}
      onChange={onChange}
      hint={hint}
      errors={errors}
      required
    >
      {children}
    </ChoiceGroup>
  )
}

/** Boxes to tick under one legend, sent as the same name repeated. */
export function CheckboxGroup({
  legend,
  name,
  options,
  values,
  look = 'list',
  hint,
  errors,
}: {
  legend: string
  name: string
  options: GroupOption[]
  values: readonly string[]
  look?: 'list' | 'facets'
  hint?: string
  errors?: string[]
}) {
  return (
    <ChoiceGroup type="checkbox" look={look} legend={legend} name={name} options={options} isChecked={(v) => values.includes(v)} hint={hint} errors={errors} />
  )
}
