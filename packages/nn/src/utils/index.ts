/**
 * `nn.utils`: gradient clipping, parameter/vector conversion, weight and spectral norm, and
 * `nn.utils.rnn` (sequence packing and padding).
 * @module
 */
export { clipGradNorm_, clipGradValue_ } from './clip_grad';
export { parametersToVector, vectorToParameters } from './convert_parameters';
export { weightNorm, removeWeightNorm } from './weight_norm';
export { spectralNorm, removeSpectralNorm } from './spectral_norm';
export * as rnn from './rnn';
