import * as fs from 'node:fs/promises';
import { DiffToolError } from './run-process';

/**
 * A JSON file of a synthesized tree or cloud assembly: undefined when it cannot be read (absent), a
 * {@link DiffToolError} naming the file when it is not JSON. `label` names the side (base or head).
 */
export async function readJsonFile<T>(file: string, label?: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new DiffToolError(`${label ? `${label}: ` : ''}${file} is not valid JSON: ${(error as Error).message}`);
  }
}
