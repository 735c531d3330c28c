export * from './format';
export * from './locale';
