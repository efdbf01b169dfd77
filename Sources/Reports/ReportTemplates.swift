/// The report's Mustache templates. Every value goes through `{{…}}`, which HTML-escapes it; the
/// templates hold no triple braces, so no user-provided text can become markup. The style sheet and
/// the script are constants written into the templates (raw-text elements must not be escaped) and
/// allowed by their SHA-256 in the Content-Security-Policy.
enum ReportTemplates {
    /// Shared look; its SHA-256 is allowed by the Content-Security-Policy.
    static let style = """
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#1d2329;padding:0 16px}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d8dde2;padding-bottom:4px}
    h3{font-size:15px;margin:20px 0 6px}.muted{color:#5b6670}table{border-collapse:collapse;width:100%;margin:8px 0}
    th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #eef0f2;font-variant-numeric:tabular-nums}
    td.num{text-align:right}.improved{color:#116b2d;font-weight:600}.worsened{color:#a3241b;font-weight:600}
    .noDetectableChange{color:#5b6670}.notScored{color:#8a6d00}.failed{color:#b00020}.note{background:#fff6d6;border-left:4px solid #e0b400;padding:6px 10px;margin:8px 0}
    .fail{background:#fde8e6;border-left:4px solid #c0392b;padding:6px 10px;margin:8px 0}
    .viewer{position:relative;max-width:760px}.viewer svg{width:100%;height:auto;display:block;background:#000}
    .controls{margin:6px 0;display:flex;gap:14px;flex-wrap:wrap;align-items:center}
    .charts{display:flex;flex-wrap:wrap;gap:12px}.chart{width:300px}.chart svg{width:300px;height:150px}
    .chart .axis{stroke:#9aa4ad;stroke-width:1}.chart .line{fill:none;stroke:#2b6cb0;stroke-width:2}
    .chart .bar{stroke:#2b6cb0;stroke-width:1}.chart text{font-size:10px;fill:#5b6670}
    .ov-pores circle{fill:none;stroke:#00e5ff;stroke-width:1.2}.ov-spots polygon{fill:none;stroke:#ffd400;stroke-width:1.5}
    .ov-scars polygon{fill:none;stroke:#ff7ad9;stroke-width:1.5}.ov-lines image,.ov-redness image{opacity:.5}
    .hidden{display:none}a{color:#2b6cb0}
    @media print{.controls{display:none}section{break-inside:avoid}body{margin:0;max-width:none}}
    """

    /// Slider, flicker and overlay toggles; its SHA-256 is allowed by the Content-Security-Policy.
    static let script = """
    document.querySelectorAll('.viewer').forEach(function(v){
    var w=+v.getAttribute('data-width'),a=v.querySelector('.clip-after'),b=v.querySelector('.clip-before');
    function set(f){a.setAttribute('x',String(w*f));a.setAttribute('width',String(w*(1-f)));b.setAttribute('width',String(w*f));}
    var s=v.querySelector('.slider');s.addEventListener('input',function(){set(+s.value/100);});
    var t=null;v.querySelector('.flicker').addEventListener('click',function(){
    if(t){clearInterval(t);t=null;set(+s.value/100);return;}var on=false;t=setInterval(function(){on=!on;set(on?1:0);},700);});
    v.querySelectorAll('.toggle').forEach(function(c){c.addEventListener('change',function(){
    v.querySelectorAll('.ov-'+c.getAttribute('data-layer')).forEach(function(g){g.classList.toggle('hidden',!c.checked);});});});
    set(0.5);});
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

    static let index = head + """
    <h1>SkinDelta results</h1>
    <p class="muted">{{toolVersion}} · {{patientCount}} patients · {{photoCount}} photos · schema {{schemaVersion}}{{#pseudonymized}} · pseudonymized{{/pseudonymized}}</p>
    <table><thead><tr><th>patient</th><th>views</th><th>sessions</th><th>latest score vs baseline</th><th>report</th></tr></thead><tbody>
    {{#patients}}<tr><td>{{id}}</td><td>{{views}}</td><td class="num">{{sessions}}</td><td class="{{verdict}}">{{latest}}</td><td><a href="{{href}}">open</a></td></tr>
    {{/patients}}</tbody></table>
    {{#hasFailures}}<h2>Could not be used</h2>{{#failures}}<div class="fail">{{text}}</div>{{/failures}}{{/hasFailures}}
    {{#hasRemarks}}<h2>Remarks</h2>{{#remarks}}<p class="muted">{{.}}</p>{{/remarks}}{{/hasRemarks}}
    </body></html>

    """

    static let patient = head + """
    <p><a href="../../index.html">All patients</a></p>
    <h1>Patient {{id}}</h1>
    <p class="muted">Made by {{toolVersion}}. Changes are the follow-up minus the baseline; each interval is a 95 % bootstrap interval over 5 mm tiles of the measured skin. “No detectable change” means the interval includes zero (or the change is below the measured noise).</p>
    {{#failures}}<div class="fail">{{text}}</div>{{/failures}}
    {{#views}}
    <section><h2>View: {{view}}</h2>
    <table><thead><tr><th>session</th><th>date</th><th class="num">day</th><th class="num">days since procedure</th><th>photos</th></tr></thead><tbody>
    {{#sessions}}<tr><td>{{index}}</td><td>{{date}}</td><td class="num">{{day}}</td><td class="num">{{daysSinceProcedure}}</td><td>{{photos}}</td></tr>{{/sessions}}
    </tbody></table>
    {{#hasCharts}}<h3>Metrics over sessions (vs baseline, with 95 % intervals)</h3><div class="charts">
    {{#charts}}<figure class="chart" data-metric="{{key}}"><svg viewBox="0 0 300 150" role="img" aria-label="{{title}}">
    <line class="axis" x1="44" y1="10" x2="44" y2="122"/><line class="axis" x1="44" y1="122" x2="292" y2="122"/>
    <text x="40" y="14" text-anchor="end">{{top}}</text><text x="40" y="124" text-anchor="end">{{bottom}}</text>
    <text x="44" y="136">day {{firstDay}}</text><text x="292" y="136" text-anchor="end">day {{lastDay}}</text>
    {{#bars}}<line class="bar" x1="{{x}}" y1="{{low}}" x2="{{x}}" y2="{{high}}"/>{{/bars}}
    <polyline class="line" points="{{points}}"/>
    {{#dots}}<circle cx="{{x}}" cy="{{y}}" r="3" fill="#2b6cb0"><title>{{label}}</title></circle>{{/dots}}
    </svg><figcaption>{{title}} ({{unit}}; {{direction}})</figcaption></figure>{{/charts}}
    </div>{{/hasCharts}}
    {{#comparisons}}
    <section class="comparison"><h3>{{label}}</h3>
    {{#failure}}<div class="fail">Not compared: {{.}}</div>{{/failure}}
    {{#alignmentText}}<p>Alignment: {{.}}</p>{{/alignmentText}}
    {{#qualityText}}<p class="muted">{{.}}</p>{{/qualityText}}
    {{#postProcedure}}<div class="note">Post-procedure: {{.}}</div>{{/postProcedure}}
    {{#warnings}}<div class="note">{{.}}</div>{{/warnings}}
    {{#images}}<div class="viewer" data-width="{{width}}">
    <svg viewBox="0 0 {{width}} {{height}}" xmlns="http://www.w3.org/2000/svg">
    <defs><clipPath id="cb-{{uid}}"><rect class="clip-before" x="0" y="0" width="{{half}}" height="{{height}}"/></clipPath>
    <clipPath id="ca-{{uid}}"><rect class="clip-after" x="{{half}}" y="0" width="{{half}}" height="{{height}}"/></clipPath></defs>
    <g clip-path="url(#cb-{{uid}})"><image href="{{beforeURI}}" width="{{width}}" height="{{height}}"/>
    {{#beforeLayers}}<g class="ov-{{id}}">{{#heatMapURI}}<image href="{{.}}" width="{{width}}" height="{{height}}" preserveAspectRatio="none"/>{{/heatMapURI}}{{#circles}}<circle cx="{{x}}" cy="{{y}}" r="{{r}}"/>{{/circles}}{{#outlines}}<polygon points="{{.}}"/>{{/outlines}}</g>{{/beforeLayers}}</g>
    <g clip-path="url(#ca-{{uid}})"><image href="{{afterURI}}" width="{{width}}" height="{{height}}"/>
    {{#afterLayers}}<g class="ov-{{id}}">{{#heatMapURI}}<image href="{{.}}" width="{{width}}" height="{{height}}" preserveAspectRatio="none"/>{{/heatMapURI}}{{#circles}}<circle cx="{{x}}" cy="{{y}}" r="{{r}}"/>{{/circles}}{{#outlines}}<polygon points="{{.}}"/>{{/outlines}}</g>{{/afterLayers}}</g>
    </svg>
    <div class="controls"><label>before ◀ <input class="slider" type="range" min="0" max="100" value="50"> ▶ after</label>
    <button class="flicker" type="button">flicker</button>
    {{#layerNames}}<label><input class="toggle" type="checkbox" data-layer="{{.}}" checked> {{.}}</label>{{/layerNames}}</div>
    <p class="muted">Left of the divider: {{beforeDate}} ({{beforePhoto}}); right: {{afterDate}} ({{afterPhoto}}) mapped onto it.</p></div>{{/images}}
    {{#hasScore}}<p>Composite score: <span class="{{scoreVerdict}}">{{scoreText}}</span></p>{{/hasScore}}
    {{#hasMetrics}}<table><thead><tr><th>analyzer</th><th>metric</th><th class="num">before</th><th class="num">after</th><th class="num">Δ</th><th class="num">Δ %</th><th class="num">95 % interval of Δ</th><th>verdict</th><th>unit</th></tr></thead><tbody>
    {{#metrics}}<tr><td>{{analyzer}}</td><td>{{metric}}</td><td class="num">{{before}}</td><td class="num">{{after}}</td><td class="num">{{delta}}</td><td class="num">{{percent}}</td><td class="num">{{interval}}</td><td class="{{verdict}}" title="{{reason}}">{{verdictText}}</td><td>{{unit}}</td></tr>{{/metrics}}
    </tbody></table>{{/hasMetrics}}
    </section>
    {{/comparisons}}
    {{#hasTrends}}<h3>Trends over all sessions (Theil–Sen slope per week, 95 % interval)</h3><table><thead><tr><th>metric</th><th class="num">slope / week</th><th class="num">interval</th><th>unit</th></tr></thead><tbody>
    {{#trends}}<tr><td>{{name}}</td><td class="num">{{slope}}</td><td class="num">{{interval}}</td><td>{{unit}}</td></tr>{{/trends}}</tbody></table>{{/hasTrends}}
    {{#hasReliability}}<h3>Measurement noise from repeated captures</h3><table><thead><tr><th>metric</th><th class="num">SEM</th><th class="num">MDC95</th><th>unit</th></tr></thead><tbody>
    {{#reliability}}<tr><td>{{name}}</td><td class="num">{{sem}}</td><td class="num">{{mdc}}</td><td>{{unit}}</td></tr>{{/reliability}}</tbody></table>{{/hasReliability}}
    </section>
    {{/views}}
    <script>
    """ + script + """
    </script>
    </body></html>

    """
}
