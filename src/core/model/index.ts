export * from './scenario';
export * from './kernel';
export * from './cluster';
export * from './packet';
export * from './errors';
export * from './catalogue';
