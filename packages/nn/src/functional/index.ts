/**
 * `nn.functional` (alias `F`): the stateless forms of the layers and losses, one file per
 * family as in `torch/nn/functional.py`.
 * @module
 */
export * from './activation';
export * from './linear';
export * from './dropout';
export * from './distance';
export * from './normalization';
export * from './sparse';
export * from './padding';
export * from './loss';
export * from './conv';
export * from './pooling';
export * from './attention';
export * from './vision';
export { rnnLayerOp as _rnnLayerOp, type RnnMode } from './rnn';
