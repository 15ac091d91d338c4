'use strict';
// Loads the compiled addon. TENSILE_ADDON may point at another build (e.g. a CUDA build).
const path = require('node:path');
const file = process.env.TENSILE_ADDON || path.join(__dirname, 'build', 'Release', 'tensile.node');
module.exports = require(file);
