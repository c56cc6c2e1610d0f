import type { ComponentDefinition } from '../../engine/component';
import { evaluate } from './evaluate';
import { gate } from './gate';
import { trainLinear } from './train-linear';
import { trainLogistic } from './train-logistic';
import { trainForestComponent } from './train-forest';
import { trainGbdtComponent } from './train-gbdt';
import { tuneSearch } from './tune-search';

/** The model components: trainers, evaluation and gates. */
export const modelComponents: ComponentDefinition[] = [trainLinear, trainLogistic, evaluate, gate, trainGbdtComponent, trainForestComponent, tuneSearch];
