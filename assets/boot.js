/*
 * The map, drawn before Dash boots (dashboard/web/boot.py writes the page's first
 * frame: a static copy of the header and the map's box, the first figure as
 * JSON, plotly.js, then this script). Dash's scripts run after it.
 *
 * When Dash renders its layout, the drawn map moves into its place there
 * (#map-slot) and the copy goes, within the same task, so the reader sees no
 * jump. Then the client modules (assets/client/) drive the map; this script only keeps it
 * sized to its box.
 */
(function () {
  "use strict";

  var host = document.getElementById("map");
  var plot = document.getElementById("map-plot");
  if (!host || !plot) return;

  // The page language's messages and Plotly locale (dashboard/i18n/cldr.py client_locale).
  var locale = {};
  try {
    locale = JSON.parse(document.getElementById("client-locale").textContent);
  } catch (err) { /* English, Plotly's own words */ }
  function t(message) {
    var found = locale.messages && locale.messages[message];
    return typeof found === "string" && found ? found : message;
  }
  if (locale.plotly && locale.lang && locale.lang !== "en" && window.Plotly) {
    window.Plotly.register({
      moduleType: "locale", name: locale.lang,
      dictionary: locale.plotly.dictionary, format: locale.plotly.format
    });
  }

  function fail(err) {
    host.classList.add("map-failed");
    plot.textContent = t("The map could not be drawn ({error}). Reload the page; if it persists, the data folder may be damaged.")
      .replace("{error}", err && err.message ? err.message : String(err));
    if (window.console) window.console.error(err);
  }

  try {
    var figure = JSON.parse(document.getElementById("map-figure").textContent);
    var config = JSON.parse(document.getElementById("map-config").textContent);
    var drawn = window.Plotly.newPlot(plot, figure.data, figure.layout, config);
    if (drawn && drawn.catch) drawn.catch(fail);
  } catch (err) {
    fail(err);  // and the message takes the map's place in Dash's page all the same
  }

  // Into Dash's page once it has rendered (a mutation callback runs before the next paint).
  var mover = new MutationObserver(function () {
    var slot = document.getElementById("map-slot");
    if (!slot) return;
    mover.disconnect();
    slot.appendChild(host);
    var shell = document.getElementById("boot-page");
    if (shell) shell.parentNode.removeChild(shell);
  });
  mover.observe(document.body, { childList: true, subtree: true });

  // Plotly sizes the map to its box when it draws; the box follows the window (and,
  // on a phone, the page's layout), so the map is redrawn to it when it changes.
  var size = [host.clientWidth, host.clientHeight], pending = false;
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        var now = [host.clientWidth, host.clientHeight];
        if (now[0] === size[0] && now[1] === size[1]) return;
        size = now;
        if (plot._fullLayout) window.Plotly.Plots.resize(plot);
      });
    }).observe(host);
  }
})();
