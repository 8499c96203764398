// Swagger UI on the API documentation page: the OpenAPI address comes from a data attribute (no inline script).
// No deep links: Swagger UI puts them as links inside each operation's button (a link in a button cannot be
// reached properly with a keyboard or a screen reader; axe "nested-interactive").
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: false,
    validatorUrl: null, // no badge fetched from validator.swagger.io: the CSP allows this origin only
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
