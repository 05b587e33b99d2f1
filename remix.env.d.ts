/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single fetch (`future.v3_singleFetch` in remix.config.js): loaders and actions return plain
// values (turbo-stream keeps Dates, Maps…), and `useLoaderData<typeof loader>` infers them as such.
// The `export {}` makes this file a module, so that the block below adds to Remix's types
// instead of replacing them.
declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export {}
