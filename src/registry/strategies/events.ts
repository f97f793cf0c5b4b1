// Events: plain records, PUT may create them (event recorders update-or-create).
import { baseStrategy, type Strategy } from '../strategy';

export const eventsStrategy = (): Strategy => ({ ...baseStrategy('events'), allowCreateOnUpdate: true });
