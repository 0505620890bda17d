// jsdom (the console's component specs pick it in their docblock) has no TextEncoder or
// TextDecoder, which React Router needs when it loads: take Node's. No-op in the node environment.
const util = require('node:util');

if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = util.TextEncoder;
if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = util.TextDecoder;
