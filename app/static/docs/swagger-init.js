// Starts Swagger UI on /docs. Kept out of the page so its Content-Security-Policy needs no inline script:
// the page passes the document's URL (and the OAuth2 redirect page's) as data attributes.
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    oauth2RedirectUrl: new URL(root.dataset.oauth2RedirectUrl, window.location.href).href,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis],
    // No badge fetched from validator.swagger.io: the page talks to this service only.
    validatorUrl: null,
  });
})();
