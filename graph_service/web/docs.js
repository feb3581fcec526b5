/* The API documentation page (/docs): Swagger UI, vendored (VENDORED.md), on this service's
 * OpenAPI document. A file of its own rather than an inline script, so the service's strict
 * Content-Security-Policy holds here too; no validator badge, which would call a server
 * elsewhere: the page works on a network without internet. */
"use strict";
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
