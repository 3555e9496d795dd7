package com.socialwire.reports.page;

/**
 * The report page's style sheet (allowed by its hash in the page's CSP; so: no inline style attributes anywhere). On a
 * phone the charts' text is set larger than their layout's 11-12 units, which would shrink to ~8 px there.
 */
final class PageCss {

    private PageCss() {
    }

    static final String TEXT = """
            :root{color-scheme:light}
            *{box-sizing:border-box}
            body{margin:0;background:#f3f4f6;color:#1f2937;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
            .page{max-width:1120px;margin:0 auto;padding:24px 20px 40px}
            h1{font-size:30px;line-height:1.2;margin:2px 0 4px}
            h2{font-size:19px;margin:28px 0 12px}
            p{margin:0 0 8px}
            .muted{color:#4b5563}
            .kind{text-transform:uppercase;letter-spacing:.06em;font-size:13px;font-weight:600;color:#1d4ed8;margin:0}
            .period{font-size:17px;margin:0}
            .card{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:16px;margin:0;min-width:0}
            .narrative{margin-top:20px}
            .narrative h2{margin-top:0}
            .source{font-size:13px;margin:0}
            .kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px}
            .kpi-label{font-size:13px;color:#4b5563;margin:0}
            .kpi-value{font-size:26px;font-weight:700;margin:2px 0}
            .kpi-change{font-size:13px;font-weight:600;margin:0}
            .kpi-change.up{color:#047857}
            .kpi-change.down{color:#b91c1c}
            .kpi-change.flat,.kpi-change.none{color:#4b5563}
            .kpi-prev{font-size:12px;margin:0}
            .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:16px}
            .wide{grid-column:1/-1}
            figcaption{font-weight:600;margin-bottom:8px}
            svg.chart{display:block;width:100%;height:auto;max-height:520px}
            .wide>svg.chart{max-width:760px;margin:0 auto}
            .pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px;margin-top:12px}
            .posts{list-style:none;margin:0;padding:0}
            .post{display:flex;gap:12px;padding:8px 0;border-top:1px solid #f3f4f6}
            .post:first-child{border-top:0}
            .thumb{flex:0 0 72px;width:72px;height:72px;border-radius:6px;object-fit:cover;background:#e5e7eb}
            .thumb.none{display:flex;align-items:center;justify-content:center;font-size:11px;color:#4b5563}
            .post-body{min-width:0}
            .post-body p{margin:0 0 2px;font-size:13px}
            .caption{overflow-wrap:anywhere;color:#1f2937}
            .nums span{margin-right:8px;white-space:nowrap}
            .table-wrap{overflow-x:auto;padding:0}
            table{border-collapse:collapse;width:100%;font-size:14px}
            th,td{padding:8px 12px;text-align:right;border-bottom:1px solid #e5e7eb;white-space:nowrap;overflow-wrap:normal}
            tbody th{white-space:normal;overflow-wrap:anywhere;min-width:8em}
            th:first-child{text-align:left}
            thead th{background:#f9fafb;font-size:13px}
            .foot{margin-top:28px;font-size:13px;color:#374151}
            .foot dt{font-weight:600}
            .foot dd{margin:0 0 8px}
            @media (max-width:520px){.page{padding:14px 10px 28px}h1{font-size:23px}.kpis{grid-template-columns:1fr 1fr}.kpi-value{font-size:21px}.grid{grid-template-columns:1fr}.card{padding:12px}svg.chart text{font-size:14px}}
            """;
}
