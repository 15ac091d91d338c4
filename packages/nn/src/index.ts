/**
 * `@tensile/nn`: PyTorch's `torch.nn` for Tensile.
 *
 * ```ts
 * import * as torch from '@tensile/core';
 * import * as nn from '@tensile/nn';
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * const loss = nn.functional.crossEntropy(model.forward(torch.randn(3, 4)), torch.tensor([0, 1, 1]));
 * loss.backward();
 * ```
 * @module
 */
export { Module, sizeString, type RemovableHandle, type ForwardHook, type ForwardPreHook, type BackwardHook, type IncompatibleKeys, type StateDict } from './module';
export { Parameter, isParameter } from './parameter';
export * as init from './init';
export * as functional from './functional/index';
export * as F from './functional/index';
export * as utils from './utils/index';
export { Identity, Linear, Bilinear, type FactoryOptions } from './linear';
export { Flatten, Unflatten } from './flatten';
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './container';
export {
  ReLU, ReLU6, LeakyReLU, PReLU, RReLU, ELU, SELU, CELU, GELU, SiLU, Mish, Sigmoid, Tanh, Softsign, Tanhshrink, LogSigmoid,
  Hardswish, Hardsigmoid, Hardtanh, Softplus, Threshold, Hardshrink, Softshrink, GLU, Softmax, LogSoftmax, Softmin, Softmax2d,
} from './activation';
export {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss,
  CosineEmbeddingLoss, MarginRankingLoss, HingeEmbeddingLoss, TripletMarginLoss, MultiLabelSoftMarginLoss, PoissonNLLLoss,
  GaussianNLLLoss, CTCLoss, SoftMarginLoss,
} from './loss';
export { Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout } from './dropout';
export { Embedding, EmbeddingBag } from './sparse';
export { BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm, GroupNorm, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LocalResponseNorm } from './normalization';
export { CosineSimilarity, PairwiseDistance } from './distance';
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, type ConvLayerOptions, type ConvTransposeLayerOptions, type PaddingMode } from './conv';
export {
  MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool1d, AdaptiveMaxPool2d,
  MaxUnpool1d, MaxUnpool2d, LPPool1d, LPPool2d,
} from './pooling';
export { RNNBase, RNN, LSTM, GRU, RNNCellBase, RNNCell, LSTMCell, GRUCell, type RNNOptions, type PackedSequenceLike } from './rnn';
export { MultiheadAttention, NonDynamicallyQuantizableLinear, type MultiheadAttentionOptions } from './attention';
export {
  Transformer, TransformerEncoder, TransformerDecoder, TransformerEncoderLayer, TransformerDecoderLayer,
  type TransformerLayerOptions, type TransformerOptions,
} from './transformer';
export {
  ConstantPad1d, ConstantPad2d, ConstantPad3d, ZeroPad2d, ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d, ReplicationPad3d,
} from './padding';
export { PixelShuffle, PixelUnshuffle } from './pixelshuffle';
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d } from './upsampling';
export { Fold, Unfold } from './fold';
