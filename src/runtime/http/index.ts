export { serveLayer, type Access, type Authorize, type LayerHandler, type ServableLayer, type ServeLayerOptions } from "./serve-layer.js";
export { remoteLayer, type RemoteLayer, type RemoteLayerOptions } from "./remote-layer.js";
export { plainHandler, toResponse, type PlainRequest, type PlainResponse } from "./plain.js";
export type { CorsOptions } from "./cors.js";
