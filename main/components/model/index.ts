import type { ComponentDefinition } from '../../engine/component';
import { evaluate } from './evaluate';
import { gate } from './gate';
import { trainLinear } from './train-linear';
import { trainLogistic } from './train-logistic';

/** The model components: trainers, evaluation and gates. */
export const modelComponents: ComponentDefinition[] = [trainLinear, trainLogistic, evaluate, gate];
