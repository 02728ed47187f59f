/*
 * The functions Dash's clientside callbacks call, under the namespace Dash looks them
 * up in (window.dash_clientside.karabakh; names: dashboard/views/ids.py CLIENTSIDE_*,
 * wiring: dashboard/web/clientside.py).
 */
(function (root) {
  "use strict";
  var k = root.karabakh = root.karabakh || {};
  if (typeof document === "undefined") return;
  root.dash_clientside = Object.assign({}, root.dash_clientside, { karabakh: k.callbacks });
})(typeof window !== "undefined" ? window : globalThis);
