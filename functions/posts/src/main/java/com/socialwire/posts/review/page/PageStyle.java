package com.socialwire.posts.review.page;

/**
 * The review page's one style sheet (allowed by its hash in the CSP, so no style attributes anywhere): the theme's
 * colours as custom properties, then a fixed sheet. System fonts only; one column that fits a 390 px phone.
 */
final class PageStyle {

    private PageStyle() {
    }

    static String css(Theme t) {
        return ":root{color-scheme:light;--page:" + t.page() + ";--surface:" + t.surface() + ";--text:" + t.text()
                + ";--muted:" + t.muted() + ";--header-bg:" + t.headerBg() + ";--header-fg:" + t.headerFg() + ";--ink:" + t.ink()
                + ";--button-bg:" + t.buttonBg() + ";--button-fg:" + t.buttonFg() + ";--button-edge:" + t.buttonEdge()
                + ";--focus:" + t.focus() + "}\n" + SHEET;
    }

    static final String SHEET = """
            *{box-sizing:border-box}
            html{-webkit-text-size-adjust:100%}
            body{margin:0;background:var(--page);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
            a{color:var(--ink)}
            :focus-visible{outline:3px solid var(--focus);outline-offset:2px}
            .skip{position:absolute;left:8px;top:-60px;background:var(--surface);color:var(--text);padding:8px 12px;border:2px solid var(--focus);border-radius:6px;z-index:10}
            .skip:focus{top:8px}
            header.brand{background:var(--header-bg);color:var(--header-fg)}
            .brand-inner{max-width:880px;margin:0 auto;padding:16px;display:flex;gap:14px;align-items:center}
            .logo{max-height:56px;max-width:120px;width:auto;height:auto;background:#fff;border-radius:6px;padding:4px;flex:0 0 auto}
            header.brand h1{font-size:1.6rem;line-height:1.2;margin:0}
            header.brand p{margin:2px 0 0}
            main{display:block;max-width:880px;margin:0 auto;padding:16px 16px 48px}
            main:focus{outline:none}
            h2{font-size:1.3rem;line-height:1.3;margin:28px 0 12px;color:var(--ink)}
            h3{font-size:1.1rem;line-height:1.3;margin:0}
            h4{font-size:1rem;margin:16px 0 6px}
            p{margin:0 0 8px}
            .muted{color:var(--muted)}
            .notice{border:2px solid;border-radius:8px;padding:12px 14px;margin:0 0 16px;font-weight:600}
            .notice[data-notice-kind="success"]{background:#ecfdf5;color:#065f46;border-color:#047857}
            .notice[data-notice-kind="error"]{background:#fef2f2;color:#991b1b;border-color:#b91c1c}
            .notice[data-notice-kind="conflict"]{background:#fffbeb;color:#7c2d12;border-color:#b45309}
            .notice::before{content:"\\2713\\00a0"}
            .notice[data-notice-kind="error"]::before,.notice[data-notice-kind="conflict"]::before{content:"\\26a0\\00a0"}
            .campaigns ul{list-style:none;margin:0;padding:0;display:grid;gap:10px}
            .campaign{background:var(--surface);border:1px solid #d1d5db;border-radius:10px;padding:12px 14px;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between}
            .campaign p{margin:0}
            .campaign form{margin:0}
            .post{background:var(--surface);border:1px solid #d1d5db;border-radius:12px;padding:16px;margin:0 0 16px;min-width:0}
            .post:target{border-color:var(--focus);box-shadow:0 0 0 2px var(--focus)}
            .meta{display:flex;flex-wrap:wrap;gap:4px 12px;margin:6px 0 10px;color:var(--muted);font-size:.95rem}
            .status{display:inline-block;border:1px solid currentColor;border-radius:999px;padding:0 8px;font-weight:600;color:var(--text)}
            .state-note{border-left:4px solid var(--button-edge);padding:4px 10px;background:var(--page)}
            .post-text{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;background:var(--page);border-radius:8px;padding:12px;margin:0 0 8px;font-size:1rem}
            .post-link{word-break:break-all}
            .limits{list-style:none;margin:0 0 10px;padding:0;display:flex;flex-wrap:wrap;gap:6px}
            .limits li{border:1px solid #9ca3af;border-radius:6px;padding:2px 8px;font-size:.9rem}
            .limits li.over{border:2px solid #b91c1c;background:#fef2f2;color:#991b1b;font-weight:700}
            .tools{margin:0 0 10px}
            .media-list{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,220px),1fr));gap:12px;margin:0 0 12px}
            figure.media{margin:0;min-width:0}
            .frame{position:relative;display:inline-block;max-width:100%;line-height:0}
            .frame img{display:block;max-width:100%;max-height:480px;width:auto;height:auto;border-radius:8px;border:1px solid #d1d5db}
            .js .frame img{cursor:crosshair}
            .no-preview{display:flex;align-items:center;justify-content:center;min-height:120px;border:1px dashed #6b7280;border-radius:8px;color:var(--muted);line-height:1.4;padding:8px;text-align:center}
            .marker{position:absolute;z-index:2;width:22px;height:22px;margin:-11px 0 0 -11px;border-radius:50%;border:3px solid #fff;background:#b91c1c;box-shadow:0 0 0 2px #111827;pointer-events:none}
            .pin{position:absolute;min-width:24px;height:24px;margin:-12px 0 0 -12px;padding:0 6px;border-radius:12px;background:#111827;color:#fff;border:2px solid #fff;font:700 12px/20px system-ui,sans-serif;text-align:center;pointer-events:none}
            .pin-label{font-style:normal;font-weight:700}
            figcaption{font-size:.9rem;color:var(--muted);margin-top:6px}
            figcaption button{margin-top:6px}
            button{font:inherit;font-weight:600;border-radius:8px;padding:8px 14px;min-height:44px;cursor:pointer;background:var(--surface);color:var(--ink);border:2px solid var(--ink)}
            button.main{background:var(--button-bg);color:var(--button-fg);border-color:var(--button-edge)}
            button:hover{text-decoration:underline}
            .actions{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
            .actions form{margin:0}
            .panel{border-top:1px solid #e5e7eb;margin-top:12px;padding-top:12px}
            .panel form{margin:0}
            label{display:block;font-weight:600;margin:0 0 4px}
            .help{font-size:.9rem;color:var(--muted);margin:0 0 6px}
            textarea,input[type="datetime-local"]{font:inherit;color:var(--text);background:var(--surface);border:2px solid #6b7280;border-radius:8px;padding:8px;width:100%;max-width:100%}
            input[type="datetime-local"]{max-width:20rem}
            textarea{min-height:5.5rem;resize:vertical}
            .row{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end;margin-top:8px}
            .anchor{background:var(--page);border-left:4px solid var(--button-edge);padding:6px 10px;margin:0 0 8px;display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center}
            .anchor p{margin:0}
            .anchor button{min-height:36px;padding:4px 10px}
            .comments{list-style:none;margin:0;padding:0}
            .comments li{border-left:3px solid #9ca3af;padding:4px 10px;margin:0 0 10px}
            .comment-head{font-size:.9rem;color:var(--muted);margin:0}
            .comment-anchor{font-size:.9rem;margin:0;font-style:italic}
            .comment-text{white-space:pre-wrap;margin:0}
            .empty{background:var(--surface);border:1px solid #d1d5db;border-radius:10px;padding:16px}
            main.message{max-width:640px;margin:48px auto;background:var(--surface);border:1px solid #d1d5db;border-radius:12px;padding:24px}
            main.message h1{font-size:1.5rem;line-height:1.3;margin:0 0 8px}
            .post{scroll-margin-top:12px}
            footer{max-width:880px;margin:0 auto;padding:0 16px 32px;font-size:.9rem;color:var(--muted)}
            [hidden]{display:none !important}
            @media (forced-colors:active){.marker,.pin{forced-color-adjust:none}.limits li.over{border-style:double;border-width:4px}}
            @media (max-width:480px){main.message{margin:16px 10px;padding:16px}.brand-inner{padding:12px}header.brand h1{font-size:1.3rem}main{padding:12px 10px 40px}.post{padding:12px}.actions button{flex:1 1 auto}}
            """;
}
