// The atlas's plotly.js: the core (which holds scatter) and only the trace types the atlas draws
// in the browser. Exports draw with kaleido's own plotly.js, so geo traces are not needed here.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/choroplethmap'),  // deprivation maps (MapLibre)
    require('plotly.js/lib/scattermap'),     // intervention points on locality maps
    require('plotly.js/lib/heatmap'),        // provision and gap-class heatmaps
    require('plotly.js/lib/bar'),            // intersectional targeting
]);

module.exports = Plotly;
