// Kubernetes resource quantities (`500m`, `0.5`, `1Gi`, `1e3`), parsed exactly.
// The API server stores quantities in a canonical form, so `0.5` in Git comes back
// as `500m`; comparing them as text would report drift that is not there.

const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|(n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/

const BINARY_POWER: Record<string, bigint> = {
  Ki: 10n,
  Mi: 20n,
  Gi: 30n,
  Ti: 40n,
  Pi: 50n,
  Ei: 60n
}
const DECIMAL_EXPONENT: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18
}

const NANO_EXPONENT = 9

/**
 * The value of a quantity in nano-units (an exact integer), or undefined when the
 * input is not a quantity. Like the API server, precision below 1n is rounded up
 * (away from zero), so `0.1n` and `1n` are the same quantity.
 */
export function parseQuantity(input: string | number): bigint | undefined {
  if (typeof input === 'number' && !Number.isFinite(input)) return undefined
  const match = QUANTITY.exec(String(input).trim())
  if (match === null) return undefined
  const [, sign = '', number = '', binary, decimal, exponent] = match
  const [whole = '', fraction = ''] = number.split('.')
  // value = digits / 10^fraction.length * 2^binaryPower * 10^decimalExponent
  let numerator = BigInt(`${whole}${fraction}` || '0')
  let power10 = -fraction.length + NANO_EXPONENT
  if (binary !== undefined) numerator <<= BINARY_POWER[binary] ?? 0n
  if (decimal !== undefined) power10 += DECIMAL_EXPONENT[decimal] ?? 0
  if (exponent !== undefined) power10 += Number(exponent)
  let nanos: bigint
  if (power10 >= 0) {
    nanos = numerator * 10n ** BigInt(power10)
  } else {
    const divisor = 10n ** BigInt(-power10)
    nanos = numerator / divisor
    if (numerator % divisor !== 0n) nanos += 1n
  }
  return sign === '-' ? -nanos : nanos
}

/** true when both are quantities with the same value (`1Gi` and `1024Mi`, `0.5` and `500m`). */
export function quantitiesEqual(a: string | number, b: string | number): boolean {
  const left = parseQuantity(a)
  const right = parseQuantity(b)
  return left !== undefined && right !== undefined && left === right
}
