// Text renderers: model values in, the exact text the real tools print (C locale) out.
export * from './printf';
export * from './gotab';
export * from './tablewriter';
export * from './routes';
export * from './links';
export * from './neigh';
export * from './calicoctl';
export * from './tools';
export * from './kubectl';
