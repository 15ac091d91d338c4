import * as torch from '@tensile/core';
import * as nn from '@tensile/nn';
torch.setNumThreads(2);
torch.manualSeed(0);
const layer = new nn.TransformerEncoderLayer(256, 8, { dimFeedforward: 1024, batchFirst: true });
layer.eval();
const x = torch.randn(16, 128, 256);
torch.noGrad(() => { for (let i = 0; i < 80; i++) layer.forward(x); });
