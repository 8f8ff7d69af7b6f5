/**
 * The one stylesheet and the one script of every report, and the
 * Content-Security-Policy that allows exactly them: `default-src 'none'`, the
 * script and the style allowed by their SHA-256 hashes, nothing else. No
 * inline event handler, no `style` attribute, no URL: a string in a trace
 * that got past escaping still could not load or run anything.
 *
 * The script only reads `data-` attributes and writes with `textContent`,
 * `classList` and `setAttribute('viewBox')`: tabs per key, zoom and pan of
 * the drawings (wheel, drag, buttons; double-click resets), hover and click
 * details, and the link from an operation to its messages.
 */
import { createHash } from 'node:crypto';

/** The report's stylesheet. */
export const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#fafbfc}
header,section,footer{max-width:1400px;margin:0 auto;padding:8px 20px}
h1{font-size:20px;margin:12px 0 4px}h2{font-size:17px;margin:18px 0 6px;border-bottom:1px solid #d5d9e0}h3{font-size:15px;margin:12px 0 4px}
.v{unicode-bidi:isolate;overflow-wrap:anywhere;word-break:break-word}
.plain{background:#fff6e0;border-left:4px solid #d98e04;padding:8px 12px;margin:8px 0}
.verdict-bad{color:#b3261e;font-weight:600}.verdict-good{color:#1e7b34;font-weight:600}.verdict-unknown{color:#8a6d00;font-weight:600}
pre,code{font:12px/1.4 ui-monospace,monospace}pre{background:#f0f2f5;padding:8px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;table-layout:fixed;width:100%;margin:6px 0}td,th{border:1px solid #d5d9e0;padding:2px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
th{background:#eef0f4}.facts th{width:130px}table.witness th:nth-child(1){width:70px}table.props th:nth-child(1){width:140px}table.props th:nth-child(2){width:80px}table.props th:nth-child(3){width:100px}table.props th:nth-child(4){width:80px}table.witness th:nth-child(3){width:60px}table.witness th:nth-child(4){width:230px}table.witness th:nth-child(5){width:190px}table.witness th:nth-child(6){width:210px}tr.row{cursor:pointer}tr.row:hover{background:#eef4ff}tr.row.sel{background:#dbe7ff}
.tabs{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}.tab{border:1px solid #b8bfcc;background:#fff;border-radius:4px;padding:2px 8px;cursor:pointer;max-width:220px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.tab.on{background:#1f3a93;color:#fff}
.panel[hidden]{display:none}
.tools{margin:4px 0}.tools button{border:1px solid #b8bfcc;background:#fff;border-radius:3px;cursor:pointer;margin-right:4px}
.fig{overflow:hidden;border:1px solid #d5d9e0;background:#fff;width:100%}
svg{display:block;width:100%;height:auto;font:11px system-ui,sans-serif;cursor:grab}
.lane{stroke:#e3e6eb}.lbl{fill:#445}.axis{stroke:#99a}.tick{fill:#667}
.op{stroke-width:1;cursor:pointer}.op.ok{fill:#59a14f;stroke:#2f6b28}.op.fail{fill:#fbe3e1;stroke:#c0392b;stroke-dasharray:3 2}.op.info{fill:#f6c77b;stroke:#b86e00;stroke-dasharray:5 2}
.op.w{stroke:#10206b;stroke-width:2.5}.op.lin{fill:#8fd18a}.op.stuck{stroke:#d0021b;stroke-width:3.5}
.op:hover,.op.sel{stroke:#000;stroke-width:3}
.mark{fill:#d0021b;font-weight:700}.cut{stroke:#d0021b;stroke-dasharray:4 3}.win{fill:#1f3a93;opacity:.06}
.dens{fill:#9aa7bd}.note{fill:#667;font-style:italic}
.msg{stroke:#7b8799;stroke-width:1;fill:none;cursor:pointer}.msg.drop{stroke:#c0392b;stroke-dasharray:3 3}.msg.hl{stroke:#1f3a93;stroke-width:2.5}.msg:hover{stroke:#000;stroke-width:2}
.x{stroke:#c0392b;stroke-width:2}
.fault{fill:#d0021b;opacity:.1}.crash{fill:#555;opacity:.22}.netf{fill:#d98e04;opacity:.14}.clk{fill:#7d3c98}
.lat{fill:#1f3a93;opacity:.55}.lat.info{fill:#d98e04}.thr{fill:none;stroke:#59a14f;stroke-width:1.5}
#hover{position:sticky;bottom:0;background:#1d2330;color:#fff;padding:4px 10px;min-height:1.4em;font:12px ui-monospace,monospace;overflow-wrap:anywhere}
#detail{background:#eef4ff;border:1px solid #b8c8ee;padding:6px 10px;min-height:1.4em;overflow-wrap:anywhere;white-space:pre-wrap;font:12px ui-monospace,monospace}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:22px;height:10px;vertical-align:middle;margin-right:4px;border:1px solid #555}
.sw.ok{background:#59a14f}.sw.fail{background:#fbe3e1;border-color:#c0392b}.sw.info{background:#f6c77b;border-color:#b86e00}.sw.w{background:#59a14f;border:3px solid #10206b}.sw.lin{background:#8fd18a;border:3px solid #10206b}.sw.stuck{background:#59a14f;border:3px solid #d0021b}.sw.fault{background:#f6d4d7}.sw.crash{background:#c8c8c8}
`;

/** The report's script (plain ES2017, no network, no eval, no HTML parsing of data). */
export const SCRIPT = `(function(){
"use strict";
var hover=document.getElementById("hover"),detail=document.getElementById("detail");
function all(sel,root){return Array.prototype.slice.call((root||document).querySelectorAll(sel));}
all(".tabs").forEach(function(bar){
  all(".tab",bar).forEach(function(b){
    b.addEventListener("click",function(){
      var g=bar.getAttribute("data-group"),t=b.getAttribute("data-tab");
      all(".tab",bar).forEach(function(x){x.classList.toggle("on",x===b);});
      all('.panel[data-group="'+g+'"]').forEach(function(p){if(p.getAttribute("data-tab")===t){p.removeAttribute("hidden");}else{p.setAttribute("hidden","");}});
    });
  });
});
function zoomable(svg){
  var vb0=svg.getAttribute("viewBox").split(" ").map(Number),vb=vb0.slice(),axis=svg.getAttribute("data-axis")||"x",drag=null;
  var i=axis==="x"?0:1,len=axis==="x"?2:3;
  function set(){svg.setAttribute("viewBox",vb.join(" "));}
  function clamp(){vb[len]=Math.min(vb0[len],Math.max(vb0[len]/400,vb[len]));vb[i]=Math.min(vb0[i]+vb0[len]-vb[len],Math.max(vb0[i],vb[i]));}
  function zoom(f,at){var c=at===undefined?vb[i]+vb[len]/2:at;vb[i]=c-(c-vb[i])*f;vb[len]=vb[len]*f;clamp();set();}
  function pos(ev){var r=svg.getBoundingClientRect();return axis==="x"?vb[0]+(ev.clientX-r.left)/r.width*vb[2]:vb[1]+(ev.clientY-r.top)/r.height*vb[3];}
  svg.addEventListener("wheel",function(ev){ev.preventDefault();zoom(ev.deltaY<0?0.8:1.25,pos(ev));},{passive:false});
  svg.addEventListener("mousedown",function(ev){drag={p:axis==="x"?ev.clientX:ev.clientY,v:vb[i]};});
  window.addEventListener("mouseup",function(){drag=null;});
  svg.addEventListener("mousemove",function(ev){if(!drag)return;var r=svg.getBoundingClientRect(),px=axis==="x"?r.width:r.height;vb[i]=drag.v-((axis==="x"?ev.clientX:ev.clientY)-drag.p)/px*vb[len];clamp();set();});
  svg.addEventListener("dblclick",function(){vb=vb0.slice();set();});
  var tools=svg.parentNode.previousElementSibling;
  if(tools&&tools.classList.contains("tools")){
    all("button",tools).forEach(function(b){b.addEventListener("click",function(){var a=b.getAttribute("data-z");if(a==="in")zoom(0.5);else if(a==="out")zoom(2);else{vb=vb0.slice();set();}});});
  }
}
all("svg.zoom").forEach(zoomable);
document.addEventListener("mouseover",function(ev){var t=ev.target.closest&&ev.target.closest("[data-d]");if(t&&hover)hover.textContent=t.getAttribute("data-d");});
var selected=[];
function select(opId,text){
  selected.forEach(function(x){x.classList.remove("sel","hl");});selected=[];
  all('[data-op="'+opId+'"]').forEach(function(x){x.classList.add("sel");selected.push(x);
    (x.getAttribute("data-m")||"").split(" ").forEach(function(m){if(m)all('[data-mid="'+m+'"]').forEach(function(e){e.classList.add("hl");selected.push(e);});});});
  if(detail)detail.textContent=text;
}
document.addEventListener("click",function(ev){
  var t=ev.target.closest&&ev.target.closest("[data-op],[data-mid]");if(!t)return;
  if(t.hasAttribute("data-op"))select(t.getAttribute("data-op"),t.getAttribute("data-d")||"");
  else if(detail)detail.textContent=t.getAttribute("data-d")||"";
});
document.body.setAttribute("data-ready","1");
})();`;

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');

/** The Content-Security-Policy of every report. */
export const CSP = `default-src 'none'; script-src 'sha256-${sha256(SCRIPT)}'; style-src 'sha256-${sha256(STYLE)}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
