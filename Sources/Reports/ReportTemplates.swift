/// The report's Mustache templates. Every value goes through `{{…}}`, which HTML-escapes it; the
/// templates hold no triple braces, so no user-provided text can become markup. The style sheet and
/// the script are constants written into the templates (raw-text elements must not be escaped) and
/// allowed by their SHA-256 in the Content-Security-Policy, which also forbids `style` attributes:
/// every colour is a class.
enum ReportTemplates {
    /// Shared look, a narrow-screen layout and the A4 print layout; its SHA-256 is allowed by the
    /// Content-Security-Policy.
    static let style = """
    *{box-sizing:border-box}
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1180px;color:#1d2329;padding:0 16px}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d8dde2;padding-bottom:4px}
    h3{font-size:15px;margin:20px 0 6px}.muted{color:#5b6670}table{border-collapse:collapse;width:100%;margin:8px 0}
    th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eef0f2;font-variant-numeric:tabular-nums;vertical-align:top}
    td.num,th.num{text-align:right}.scroll{overflow-x:auto}
    .improved{color:#116b2d}.worsened{color:#a3241b}.noDetectableChange,.noMeaningfulChange{color:#5b6670}.notScored,.failed{color:#8a6d00}
    td.improved,td.worsened{font-weight:600}
    .cell .sym{font-size:13px;margin-right:3px}.cell .chg{display:block;font-size:12px;color:#3b444c}
    th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:left}
    th button::after{content:" ↕";color:#9aa4ad}
    .note{background:#fff6d6;border-left:4px solid #e0b400;padding:6px 10px;margin:6px 0}
    .fail{background:#fde8e6;border-left:4px solid #c0392b;padding:6px 10px;margin:8px 0}
    .legend{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:4px 18px;margin:8px 0;padding:0;list-style:none;font-size:13px}
    .key{display:flex;gap:14px;flex-wrap:wrap;font-size:13px;margin:6px 0}
    .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px;margin:10px 0}
    .card{border:1px solid #d8dde2;border-radius:8px;padding:10px 12px;border-top-width:5px;break-inside:avoid}
    .card.improved{border-top-color:#1e8a3c}.card.worsened{border-top-color:#c0392b}.card.noDetectableChange,.card.noMeaningfulChange{border-top-color:#9aa4ad}
    .card.notScored{border-top-color:#e0b400}.card h3{margin:0 0 2px;color:#1d2329}
    .card .verdict{font-size:17px;font-weight:700;margin:4px 0}.card .values{font-size:15px;color:#1d2329}
    .card .desc,.card .why,.card .ci{font-size:12.5px;color:#3b444c;margin:4px 0}.card .flag{font-size:12.5px;background:#fff6d6;padding:3px 6px;margin:4px 0}
    .viewer{position:relative;max-width:760px}.viewer svg{width:100%;height:auto;display:block;background:#000}
    .sbs-row{display:flex;gap:8px;flex-wrap:wrap}.sbs-row figure{flex:1 1 300px;margin:0;max-width:560px}.sbs svg{width:100%;height:auto;display:block;background:#000}
    .unregistered{border-left:4px solid #b26b00;padding-left:8px}
    .controls{margin:6px 0;display:flex;gap:10px 14px;flex-wrap:wrap;align-items:center}
    .overlays{border:0;padding:0;margin:4px 0;display:flex;gap:6px 14px;flex-wrap:wrap}
    .sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin:0 4px 0 2px;vertical-align:-1px;border:1px solid #5b6670}
    .sw-pores{background:#00e5ff}.sw-spots{background:#ffd400}.sw-scars{background:#ff7ad9}.sw-lines{background:#ff9f1c}.sw-redness{background:#ff5a36}.sw-other{background:#fff}
    .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}.chart{margin:0;break-inside:avoid}
    .chart svg{width:100%;height:auto;display:block}.chart figcaption{font-size:12.5px}
    .chart .axis{stroke:#9aa4ad;stroke-width:1}.chart .grid{stroke:#eef0f2;stroke-width:1}.chart .line{fill:none;stroke:#2b6cb0;stroke-width:2}
    .chart .bar{stroke:#2b6cb0;stroke-width:1.5}.chart .band{fill:#d9e8f7}.chart .dot{stroke:#2b6cb0;stroke-width:1.5}.chart text{font-size:10px;fill:#5b6670}
    .ov-pores circle{fill:none;stroke:#00e5ff;stroke-width:1.2}.ov-spots polygon{fill:none;stroke:#ffd400;stroke-width:1.5}
    .ov-scars polygon{fill:none;stroke:#ff7ad9;stroke-width:1.5}.ov-lines image,.ov-redness image{opacity:.55}
    .hidden{display:none}a{color:#2b6cb0}details{margin:8px 0}summary{cursor:pointer;font-weight:600;padding:4px 0}
    .metric-table td:first-child{color:#5b6670}.sess+.sess::before{content:" · "}
    @media (max-width:600px){body{margin:12px auto;padding:0 8px}.hide-narrow{display:none}.cards{grid-template-columns:1fr}
    .charts{grid-template-columns:1fr}th,td{padding:3px 4px}.cell .w{display:none}.cell .sym{font-size:15px}}
    @media print{@page{size:A4;margin:12mm}body{margin:0;max-width:none;padding:0;font-size:11px}
    .controls,.no-print,.overlays input{display:none}.cards{grid-template-columns:repeat(3,1fr);gap:6px}
    .card{padding:6px 8px}.card .verdict{font-size:14px}.charts{grid-template-columns:repeat(3,1fr);gap:6px}
    .viewer{max-width:120mm}figure,.card,tr{break-inside:avoid}h2{break-after:avoid}details:not([open]){break-inside:avoid}}
    """

    /// Slider, flicker, one-overlay-at-a-time radio buttons and sortable tables; its SHA-256 is
    /// allowed by the Content-Security-Policy.
    static let script = """
    document.querySelectorAll('.viewer').forEach(function(v){
    var w=+v.getAttribute('data-width'),a=v.querySelector('.clip-after'),b=v.querySelector('.clip-before');
    function set(f){a.setAttribute('x',String(w*f));a.setAttribute('width',String(w*(1-f)));b.setAttribute('width',String(w*f));}
    var s=v.querySelector('.slider');s.addEventListener('input',function(){set(+s.value/100);});
    var t=null;v.querySelector('.flicker').addEventListener('click',function(){
    if(t){clearInterval(t);t=null;set(+s.value/100);return;}var on=false;t=setInterval(function(){on=!on;set(on?1:0);},700);});
    v.querySelectorAll('.toggle').forEach(function(c){c.addEventListener('change',function(){
    v.querySelectorAll('g[data-layer]').forEach(function(g){g.classList.toggle('hidden',g.getAttribute('data-layer')!==c.value);});});});
    set(0.5);});
    document.querySelectorAll('.sbs').forEach(function(v){v.querySelectorAll('.toggle').forEach(function(c){c.addEventListener('change',function(){
    v.querySelectorAll('g[data-layer]').forEach(function(g){g.classList.toggle('hidden',g.getAttribute('data-layer')!==c.value);});});});});
    document.querySelectorAll('table.sortable').forEach(function(table){
    table.querySelectorAll('th button').forEach(function(button,col){var up=false;button.addEventListener('click',function(){
    var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);up=!up;
    rows.sort(function(r,s){var x=r.cells[col].getAttribute('data-sort')||r.cells[col].textContent,y=s.cells[col].getAttribute('data-sort')||s.cells[col].textContent;
    var p=parseFloat(x),q=parseFloat(y),c=(!isNaN(p)&&!isNaN(q))?p-q:x.localeCompare(y);return up?c:-c;});
    rows.forEach(function(r){body.appendChild(r);});});});});
    document.documentElement.classList.add('js');
    """

    static let head = """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="{{csp}}">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>{{title}}</title><style>
    """ + style + """
    </style></head><body>
    """

    static let claimLegend = """
    <ul class="legend">{{#legend}}<li><strong>{{name}}</strong>: {{description}}</li>{{/legend}}</ul>
    <p class="key"><span class="improved">▲ better</span><span class="worsened">▼ worse</span><span class="noDetectableChange">● no detectable change (the 95 % interval includes zero, or the change is within the measured noise)</span><span class="noMeaningfulChange">○ no meaningful change (detectable, but smaller than the smallest change that matters)</span><span class="notScored">– not scored</span></p>
    """

    static let index = head + """
    <h1>SkinDelta results</h1>
    <p class="muted">{{toolVersion}} · {{patientCount}} · {{photoCount}} · schema {{schemaVersion}}{{#pseudonymized}} · pseudonymized{{/pseudonymized}}</p>
    <p>Each cell: the latest session against the baseline, for one treatment claim. Click a column to sort; open a patient for the evidence.</p>
    <div class="scroll"><table class="sortable" id="patients"><thead><tr><th><button type="button">patient</button></th><th><button type="button">view</button></th>
    <th><button type="button">last session</button></th>{{#claims}}<th><button type="button">{{name}}</button></th>{{/claims}}<th class="hide-narrow"><button type="button">overall</button></th></tr></thead><tbody>
    {{#rows}}<tr><td><a href="{{href}}">{{id}}</a></td><td>{{view}}</td><td data-sort="{{lastDateSort}}">{{lastDate}} <span class="muted hide-narrow">({{compared}})</span></td>
    {{#cells}}<td class="cell {{verdict}}" data-sort="{{sort}}" title="{{title}}"><span class="sym">{{symbol}}</span><span class="w">{{words}}</span><span class="chg">{{change}}</span></td>{{/cells}}
    <td class="cell hide-narrow {{#score}}{{verdict}}{{/score}}" data-sort="{{#score}}{{sort}}{{/score}}{{^score}}-1e9{{/score}}">{{#score}}<span class="sym">{{symbol}}</span><span class="w">{{words}}</span><span class="chg">{{text}}</span>{{/score}}{{^score}}–{{/score}}</td></tr>
    {{/rows}}</tbody></table></div>
    <h2>What better means</h2>
    """ + claimLegend + """
    <p class="muted">“Overall” is the composite score: the mean improvement in percent over the claims' headline metrics, with its own 95 % interval.</p>
    {{#hasFailures}}<h2>Could not be used</h2>{{#failures}}<div class="fail">{{text}}</div>{{/failures}}{{/hasFailures}}
    {{#hasRemarks}}<h2>Remarks</h2>{{#remarks}}<p class="muted">{{.}}</p>{{/remarks}}{{/hasRemarks}}
    <script>
    """ + script + """
    </script>
    </body></html>

    """

    static let viewer = """
    {{#viewer}}{{#sideBySide}}<div class="sbs">
    <p class="unregistered"><strong>Not registered:</strong> {{reason}}. The photos are shown side by side, each with its own overlays; only what needs no pixel correspondence was compared.</p>
    <div class="sbs-row"><figure><svg viewBox="0 0 {{width}} {{height}}" xmlns="http://www.w3.org/2000/svg"><image href="{{beforeURI}}" width="{{width}}" height="{{height}}"/>
    {{#beforeLayers}}<g class="ov-{{id}}{{#hidden}} hidden{{/hidden}}" data-layer="{{id}}">{{#heatMapURI}}<image href="{{.}}" width="{{width}}" height="{{height}}" preserveAspectRatio="none"/>{{/heatMapURI}}{{#circles}}<circle cx="{{x}}" cy="{{y}}" r="{{r}}"/>{{/circles}}{{#outlines}}<polygon points="{{.}}"/>{{/outlines}}</g>{{/beforeLayers}}</svg>
    <figcaption class="muted">{{beforeDate}} ({{beforePhoto}})</figcaption></figure>
    <figure><svg viewBox="0 0 {{afterWidth}} {{afterHeight}}" xmlns="http://www.w3.org/2000/svg"><image href="{{afterURI}}" width="{{afterWidth}}" height="{{afterHeight}}"/>
    {{#afterLayers}}<g class="ov-{{id}}{{#hidden}} hidden{{/hidden}}" data-layer="{{id}}">{{#heatMapURI}}<image href="{{.}}" width="{{afterWidth}}" height="{{afterHeight}}" preserveAspectRatio="none"/>{{/heatMapURI}}{{#circles}}<circle cx="{{x}}" cy="{{y}}" r="{{r}}"/>{{/circles}}{{#outlines}}<polygon points="{{.}}"/>{{/outlines}}</g>{{/afterLayers}}</svg>
    <figcaption class="muted">{{afterDate}} ({{afterPhoto}})</figcaption></figure></div>
    <fieldset class="overlays"><legend class="muted">Overlay (one at a time)</legend>
    <label><input class="toggle" type="radio" name="ov-{{uid}}" value=""{{#noneChecked}} checked{{/noneChecked}}> none</label>
    {{#overlays}}<label title="{{text}}"><input class="toggle" type="radio" name="ov-{{uid}}" value="{{id}}"{{#checked}} checked{{/checked}}><span class="sw {{swatch}}"></span>{{name}}</label>{{/overlays}}</fieldset>
    <ul class="legend">{{#overlays}}<li><span class="sw {{swatch}}"></span>{{name}}: {{text}}</li>{{/overlays}}</ul></div>{{/sideBySide}}{{^sideBySide}}<div class="viewer" data-width="{{width}}">
    <svg viewBox="0 0 {{width}} {{height}}" xmlns="http://www.w3.org/2000/svg">
    <defs><clipPath id="cb-{{uid}}"><rect class="clip-before" x="0" y="0" width="{{half}}" height="{{height}}"/></clipPath>
    <clipPath id="ca-{{uid}}"><rect class="clip-after" x="{{half}}" y="0" width="{{half}}" height="{{height}}"/></clipPath></defs>
    <g clip-path="url(#cb-{{uid}})"><image href="{{beforeURI}}" width="{{width}}" height="{{height}}"/>
    {{#beforeLayers}}<g class="ov-{{id}}{{#hidden}} hidden{{/hidden}}" data-layer="{{id}}">{{#heatMapURI}}<image href="{{.}}" width="{{width}}" height="{{height}}" preserveAspectRatio="none"/>{{/heatMapURI}}{{#circles}}<circle cx="{{x}}" cy="{{y}}" r="{{r}}"/>{{/circles}}{{#outlines}}<polygon points="{{.}}"/>{{/outlines}}</g>{{/beforeLayers}}</g>
    <g clip-path="url(#ca-{{uid}})"><image href="{{afterURI}}" width="{{width}}" height="{{height}}"/>
    {{#afterLayers}}<g class="ov-{{id}}{{#hidden}} hidden{{/hidden}}" data-layer="{{id}}">{{#heatMapURI}}<image href="{{.}}" width="{{width}}" height="{{height}}" preserveAspectRatio="none"/>{{/heatMapURI}}{{#circles}}<circle cx="{{x}}" cy="{{y}}" r="{{r}}"/>{{/circles}}{{#outlines}}<polygon points="{{.}}"/>{{/outlines}}</g>{{/afterLayers}}</g>
    </svg>
    <div class="controls"><label>before ◀ <input class="slider" type="range" min="0" max="100" value="50" aria-label="divider between before and after"> ▶ after</label>
    <button class="flicker" type="button">flicker</button></div>
    <fieldset class="overlays"><legend class="muted">Overlay (one at a time)</legend>
    <label><input class="toggle" type="radio" name="ov-{{uid}}" value=""{{#noneChecked}} checked{{/noneChecked}}> none</label>
    {{#overlays}}<label title="{{text}}"><input class="toggle" type="radio" name="ov-{{uid}}" value="{{id}}"{{#checked}} checked{{/checked}}><span class="sw {{swatch}}"></span>{{name}}</label>{{/overlays}}</fieldset>
    <ul class="legend">{{#overlays}}<li><span class="sw {{swatch}}"></span>{{name}}: {{text}}</li>{{/overlays}}</ul>
    <p class="muted">Left of the divider: {{beforeDate}} ({{beforePhoto}}); right: {{afterDate}} ({{afterPhoto}}) mapped onto it.</p></div>{{/sideBySide}}{{/viewer}}
    """

    static let patient = head + """
    <p class="no-print"><a href="../../index.html">All patients</a></p>
    <h1>Patient {{id}}</h1>
    <p class="muted">Made by {{toolVersion}}. Each change is the latest session minus the baseline; its 95 % interval is a bootstrap over 5 mm tiles of the measured skin.</p>
    {{#failures}}<div class="fail">{{text}}</div>{{/failures}}
    {{#views}}
    <section><h2>{{view}}: {{#latestLabel}}{{.}}{{/latestLabel}}{{^latestLabel}}not compared{{/latestLabel}}</h2>
    <p class="muted">Sessions: {{#sessions}}<span class="sess">{{number}}. {{date}} (day {{day}}{{#isBaseline}}, baseline{{/isBaseline}})</span>{{/sessions}}</p>
    {{#notCompared}}<div class="fail">{{.}}</div>{{/notCompared}}
    {{#notes}}<div class="note">{{.}}</div>{{/notes}}
    <div class="cards">{{#cards}}<article class="card {{verdict}}" data-claim="{{key}}"><h3>{{name}}</h3>
    <div class="verdict {{verdict}}">{{symbol}} {{words}}{{#change}} · {{.}}{{/change}}</div>
    {{#values}}<div class="values">{{metric}}: {{.}}</div>{{/values}}
    {{#interval}}<div class="ci">{{.}}</div>{{/interval}}
    <div class="why">{{explanation}}</div>
    {{#flags}}<div class="flag">{{.}}</div>{{/flags}}
    <div class="desc muted">{{description}}</div></article>{{/cards}}</div>
    """ + viewer + """
    {{#hasCharts}}<h3>Each claim over the sessions</h3>
    <p class="muted">The headline metric at each session; bars: 95 % interval of the change from the baseline; hollow dots: photos taken within days of a procedure.</p>
    <div class="charts">
    {{#charts}}<figure class="chart" data-claim="{{key}}" data-axis-min="{{axisMin}}" data-axis-max="{{axisMax}}" data-nonnegative="{{nonNegative}}">
    <svg viewBox="0 0 320 170" role="img" aria-label="{{title}}: {{metric}} over the sessions">
    {{#band}}<rect class="band" x="{{first}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{text}}</title></rect>{{/band}}
    {{#ticks}}<line class="grid" x1="{{first}}" y1="{{y}}" x2="{{last}}" y2="{{y}}"/><text x="48" y="{{y}}" dy="3" text-anchor="end">{{text}}</text>{{/ticks}}
    <line class="axis" x1="{{first}}" y1="{{plotTop}}" x2="{{first}}" y2="{{plotBottom}}"/><line class="axis" x1="{{first}}" y1="{{plotBottom}}" x2="{{last}}" y2="{{plotBottom}}"/>
    {{#dates}}<text x="{{x}}" y="142" text-anchor="middle">{{text}}</text>{{/dates}}
    {{#bars}}<line class="bar" x1="{{x}}" y1="{{low}}" x2="{{x}}" y2="{{high}}"/>{{/bars}}
    <polyline class="line" points="{{points}}"/>
    {{#dots}}<circle class="dot" cx="{{x}}" cy="{{y}}" r="3.5" fill="{{fill}}"><title>{{label}}</title></circle>{{/dots}}
    <text x="52" y="160">{{metric}} ({{unit}})</text>
    </svg><figcaption><strong>{{title}}</strong>{{#trend}} · trend <span class="{{verdict}}">{{words}}</span> ({{slope}} {{unit}} per week){{/trend}} · {{#band}}{{text}}{{/band}}{{#noBand}}{{.}}{{/noBand}}</figcaption></figure>{{/charts}}
    </div>{{/hasCharts}}
    {{#hasTrends}}<details><summary>Trends of every metric over all sessions</summary><p class="muted">Theil–Sen slope per week with its 95 % interval; “no clear trend” when the interval includes zero.</p>
    <div class="scroll"><table><thead><tr><th>claim</th><th>metric</th><th class="num">per week</th><th class="num hide-narrow">95 % interval</th><th>unit</th><th>trend</th></tr></thead><tbody>
    {{#trends}}<tr><td>{{claim}}</td><td>{{name}}</td><td class="num">{{slope}}</td><td class="num hide-narrow">{{interval}}</td><td>{{unit}}</td><td class="{{verdict}}">{{words}}</td></tr>{{/trends}}</tbody></table></div></details>{{/hasTrends}}
    {{#trendsMissing}}<p class="muted">{{.}}</p>{{/trendsMissing}}
    <h3>Measurement noise</h3>
    {{#hasReliability}}<p class="muted">From repeated captures within sessions: SEM and the minimal detectable change MDC95 = 1.96·√2·SEM; smaller changes are not called.</p>
    <table><thead><tr><th>metric</th><th class="num">SEM</th><th class="num">MDC95</th><th>unit</th><th class="num">df</th></tr></thead><tbody>
    {{#reliability}}<tr><td>{{name}}</td><td class="num">{{sem}}</td><td class="num">{{mdc}}</td><td>{{unit}}</td><td class="num">{{df}}</td></tr>{{/reliability}}</tbody></table>{{/hasReliability}}
    {{#noReliability}}<p class="muted">{{.}}</p>{{/noReliability}}
    <h3>Every comparison, every metric</h3>
    {{#comparisons}}
    <details class="comparison"><summary>{{label}}{{#scoreText}} · overall {{.}}{{/scoreText}}</summary>
    {{#failure}}<div class="fail">Not compared: {{.}}</div>{{/failure}}
    {{#alignmentText}}<p>Alignment: {{.}}</p>{{/alignmentText}}
    {{#qualityText}}<p class="muted">{{.}}</p>{{/qualityText}}
    {{#postProcedure}}<div class="note">Post-procedure: {{.}}</div>{{/postProcedure}}
    {{#warnings}}<div class="note">{{.}}</div>{{/warnings}}
    """ + viewer + """
    {{#hasMetrics}}<div class="scroll"><table class="metric-table"><thead><tr><th>claim</th><th>metric</th><th class="num">before</th><th class="num">after</th><th class="num">change</th><th class="num">%</th><th class="num hide-narrow">95 % interval</th><th>unit</th><th>verdict</th><th class="hide-narrow">reason</th></tr></thead><tbody>
    {{#metrics}}<tr><td>{{claim}}</td><td title="{{description}}">{{name}}</td><td class="num">{{before}}</td><td class="num">{{after}}</td><td class="num">{{delta}}</td><td class="num">{{percent}}</td><td class="num hide-narrow">{{interval}}</td><td>{{unit}}</td><td class="{{verdict}}">{{words}}</td><td class="hide-narrow">{{reason}}</td></tr>{{/metrics}}
    </tbody></table></div>{{/hasMetrics}}
    </details>
    {{/comparisons}}
    </section>
    {{/views}}
    <div class="no-print"><h2>What better means</h2>
    """ + claimLegend + """
    </div>
    <script>
    """ + script + """
    </script>
    </body></html>

    """
}
