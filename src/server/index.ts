export { startWebServer, type WebServer, type WebServerOptions } from './web-server';
export { rendererMiddleware, staticFolder } from './static';
export { newToken } from './auth';
