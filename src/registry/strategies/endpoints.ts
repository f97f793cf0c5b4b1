// Endpoints: written by the endpoints controller; PUT may create them (AllowCreateOnUpdate, as in Kubernetes).
import { baseStrategy, type Strategy } from '../strategy';

export const endpointsStrategy = (): Strategy => ({
  ...baseStrategy('endpoints'),
  allowCreateOnUpdate: true,
});
