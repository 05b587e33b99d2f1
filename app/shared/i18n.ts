import { useRouteLoaderData } from '@remix-run/react'
import { translator, type Locale, type Translate } from '~/i18n'
import type { Viewer } from '~/shared/viewer'
import type { PublicSettings } from '~/shared/config'
import type { Toast } from '~/shared/toast.server'

export interface RootData {
  locale: Locale
  viewer: Viewer | null
  settings: PublicSettings
  toast: Toast | null
  /** Unread group messages, for the badge in the navigation. */
  unread: number
  /** Unread mentions. */
  notifications: number
}

export function useRootData(): RootData {
  const data = useRouteLoaderData('root') as RootData | undefined
  return (
    data ?? {
      locale: 'fr',
      viewer: null,
      toast: null,
      unread: 0,
      notifications: 0,
      settings: {
        associationName: 'Amicale',
        associationShortName: 'Amicale',
        schoolName: '',
        associationAddress: '',
        associationEmail: '',
        logoUrl: null,
        brandColors: null,
      },
    }
  )
}

export function useT(): Translate {
  return translator(useRootData().locale)
}
