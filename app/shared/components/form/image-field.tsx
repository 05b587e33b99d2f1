import { useLocation } from '@remix-run/react'
import { useEffect, useRef, useState, type ChangeEvent } from 'react'
import { describedControl, FieldError, FieldHint, FieldLabel, useFieldId, type FieldFrame } from '~/shared/components/form/field-parts'
import { useT } from '~/shared/i18n'

/**
 * A photo to send, with the current one beside it and, once a file is chosen, a preview of that
 * file read in the browser (nothing is sent before the form is). Without JavaScript it is a plain
 * file input. The preview only shows what was picked: the server still reads the content.
 */
export function ImageField({
  label,
  name,
  id: fixedId,
  hint,
  errors,
  current,
  accept = 'image/jpeg,image/png,image/webp',
  size = 120,
  required,
}: FieldFrame & {
  /** The address of the photo saved now, if any. */
  current?: string | null
  accept?: string
  /** The side of the square thumbnail, in CSS pixels. */
  size?: number
  required?: boolean
}) {
  const t = useT()
  const id = useFieldId(fixedId, name)
  const [preview, setPreview] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const { key: place } = useLocation()
  const shownAt = useRef(place)

  // Each object URL pins the file in memory until revoked: the previous one goes when another is shown.
  useEffect(() => (preview ? () => URL.revokeObjectURL(preview) : undefined), [preview])
  // Saved (the action redirected, even to this same page): the photo is now the current one, and
  // the box is emptied so that it is not sent twice. A refused form keeps both, to send again.
  useEffect(() => {
    if (shownAt.current === place) return
    shownAt.current = place
    setPreview(null)
    if (input.current) input.current.value = ''
  }, [place])

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0]
    setPreview(file && file.type.startsWith('image/') ? URL.createObjectURL(file) : null)
  }
  const shown = preview ?? current ?? null
  return (
    <div className="field image-field">
      <FieldLabel htmlFor={id} label={label} optional={!required} />
      <FieldHint id={id} hint={hint} />
      <div className="image-field__row">
        {shown ? (
          <figure className="image-field__figure">
            <img
              className="image-field__image"
              src={shown}
              // The caption says what it is; read twice it would be noise.
              alt=""
              width={size}
              height={size}
              data-testid={preview ? 'image-preview' : 'image-current'}
              onError={preview ? () => setPreview(null) : undefined}
            />
            <figcaption className="image-field__caption">{t(preview ? 'form.image.preview' : 'form.image.current')}</figcaption>
          </figure>
        ) : null}
        <input
          ref={input}
          id={id}
          type="file"
          name={name}
          accept={accept}
          required={required}
          className="file-input"
          onChange={choose}
          {...describedControl(id, hint, errors)}
        />
      </div>
      <FieldError id={id} errors={errors} />
    </div>
  )
}
