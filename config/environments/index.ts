import { adopted } from './adopted';
import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';

/** Every committed environment. Adding one: a file beside this one and a line here. */
export const ENVIRONMENTS = { dev, staging, prod, adopted } as const;
export type EnvironmentName = keyof typeof ENVIRONMENTS;
