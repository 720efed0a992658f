// Half of a deliberate import cycle (see layering.test.ts).
import { b } from './cycle-b';
export const a = () => b() + 1;
