import { z } from 'zod'
import { DIPLOMAS } from '../../db/seed-data'
import { brandColors, contrastRatio, darkerShadeFor, DEFAULT_PRIMARY, MIN_CONTRAST, normaliseHex, shortNameOf } from './brand'

// The settings' schema and type, browser-safe and free of I/O: `server/config.ts` reads the
// environment with it at start, and `app/` reads the resulting `Config` from its context.
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v)
const optionalUrl = z.preprocess(emptyToUndefined, z.string().url().optional())
const optionalString = z.preprocess(emptyToUndefined, z.string().optional())
const euros = z.coerce
  .number()
  .positive()
  .max(100_000)
  .transform((v) => Math.round(v * 100))

/** Every setting, its default and its check. README lists the same table. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  APP_URL: optionalUrl,
  DATABASE_PATH: z.string().default('data/amicale.db'),
  DATA_DIR: z.string().default('data'),
  SESSION_SECRET: z.preprocess(emptyToUndefined, z.string().min(32).optional()),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().default('Amicale <ne-pas-repondre@amicale.example>'),
  SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Every request body but multipart (which has its own per-file limits): over this, 413 unread. */
  MAX_FORM_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ASSOCIATION_NAME: z.string().default('Amicale des diplômés'),
  SCHOOL_NAME: z.string().default('École supérieure d’ingénieurs de Lyon'),
  ASSOCIATION_ADDRESS: z.string().default('12 rue de la République, 69002 Lyon'),
  ASSOCIATION_EMAIL: z.string().email().default('contact@amicale.example'),
  /** The phone header's name; unset, derived from ASSOCIATION_NAME (« Amicale »). */
  ASSOCIATION_SHORT_NAME: z.preprocess(emptyToUndefined, z.string().trim().min(1).max(24).optional()),
  /** An image file (PNG, JPEG, WebP, SVG) shown in the header and mail, and made into the icons. */
  ASSOCIATION_LOGO: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/\.(png|jpe?g|webp|svg)$/i, 'a PNG, JPEG, WebP or SVG file')
      .optional(),
  ),
  /** The primary colour: white text sits on it (buttons), so it must keep AA contrast with white. */
  ASSOCIATION_COLOR: z
    .string()
    .default(DEFAULT_PRIMARY)
    .transform((v, ctx) => {
      const hex = normaliseHex(v)
      if (!hex) {
        ctx.addIssue({ code: 'custom', message: `a hex colour such as ${DEFAULT_PRIMARY}, not « ${v} »` })
        return z.NEVER
      }
      const ratio = contrastRatio(hex, '#ffffff')
      if (ratio < MIN_CONTRAST) {
        ctx.addIssue({
          code: 'custom',
          message: `${hex} has a contrast of ${ratio.toFixed(2)}:1 with white, under the ${MIN_CONTRAST}:1 that white text on buttons needs; a darker shade such as ${darkerShadeFor(hex)} passes`,
        })
        return z.NEVER
      }
      return hex
    }),
  /** Lifetime dues per category, in euros (kept in cents once parsed). */
  DUES_ALUMNI_EUR: euros.default(100),
  DUES_STUDENT_EUR: euros.default(20),
  /** The diplomas the school awards, separated by `;`. */
  DIPLOMAS: z
    .string()
    .default(DIPLOMAS.join(';'))
    .transform((v) =>
      v
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean),
    ),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** Another host for the Stripe API (tests use a local stand-in), e.g. `http://127.0.0.1:12111`. */
  STRIPE_API_URL: optionalUrl,
  /** Several processes: Socket.IO rooms and the bus shared through Redis, e.g. `redis://127.0.0.1:6379`. */
  REDIS_URL: optionalUrl,
  /** Worker processes sharing the port (node:cluster); above 1, REDIS_URL is required. */
  WEB_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).default(1)),
  /** Page requests (GET) rendered at once; the others wait in arrival order (server/admission.ts). */
  PAGE_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1000).default(1)),
  /** Worker threads for the election's proof checks and tally (default: the cores, at most 4); 0 keeps them on the request thread. */
  ELECTION_WORKERS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(16).optional()),
  MEILI_HOST: optionalUrl,
  MEILI_MASTER_KEY: optionalString,
  /** Map tiles (Leaflet): any XYZ tile server; OpenStreetMap's by default. */
  MAP_TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  /** Empty: OpenStreetMap's credit, in the reader's language (catalogue key `map.credit.tiles`). */
  MAP_TILE_ATTRIBUTION: z.string().default(''),
  /** Where the nightly archives go; unset, DATA_DIR/backups. */
  BACKUP_DIR: optionalString,
  /** An age public key: the archives are encrypted for it (`.tar.gz.age`), so copies may leave the machine. */
  BACKUP_AGE_RECIPIENT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^age1([02-9ac-hj-np-z]{58}|pq1[02-9ac-hj-np-z]{100,})$/, 'an age public key (age1…), as printed by age-keygen')
      .optional(),
  ),
  /** `GET /metrics` (Prometheus) answers only `Authorization: Bearer <this>`; unset, it is a 404. */
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16).optional()),
})

export type Env = z.infer<typeof envSchema>

export interface Config extends Omit<Env, 'SESSION_SECRET'> {
  SESSION_SECRET: string
  /** Only `npm run dev`: rebuilds are reloaded and mail bodies logged; tests run as production. */
  isDevelopment: boolean
}

/** Settings the pages may read (no secrets). */
export function publicSettings(config: Config) {
  return {
    associationName: config.ASSOCIATION_NAME,
    schoolName: config.SCHOOL_NAME,
    associationAddress: config.ASSOCIATION_ADDRESS,
    associationEmail: config.ASSOCIATION_EMAIL,
    associationShortName: config.ASSOCIATION_SHORT_NAME ?? shortNameOf(config.ASSOCIATION_NAME),
    /** Served by `routes/marque.logo.tsx`; null: the initial on the primary colour. */
    logoUrl: config.ASSOCIATION_LOGO ? '/marque/logo' : null,
    /** Null for the default colour, whose variants app.css already holds. */
    brandColors: config.ASSOCIATION_COLOR === DEFAULT_PRIMARY ? null : brandColors(config.ASSOCIATION_COLOR),
  }
}
export type PublicSettings = ReturnType<typeof publicSettings>
