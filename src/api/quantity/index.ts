// quantity: Kubernetes resource amounts ("500m" CPU, "128Mi" memory) parsed and compared exactly.
// Everything that reads container resources, node capacity or scheduler fit uses these, never floats:
// a Quantity is a whole number of nano-units in a bigint, printed back in Kubernetes' canonical form.
export {
  Quantity,
  QuantityParseError,
  parseQuantity,
  tryParseQuantity,
  quantityFrom,
  ERR_FORMAT_WRONG,
  ERR_SUFFIX,
} from './quantity';
export type { QuantityFormat } from './quantity';
