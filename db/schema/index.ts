export * from './accounts'
export * from './profiles'
export * from './mail'
export * from './dues'
