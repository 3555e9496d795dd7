/**
 * Reports: tenant stats and analytics views, scheduled reports (daily briefing, weekly report, monthly review,
 * competitor pulse, cost report) rendered as self-contained HTML pages with SVG charts, and the competitor pulse
 * (SPEC §5 reports, §6 report jobs). It reads what other contexts write only through shared's read models
 * ({@code com.socialwire.shared.analytics}, {@code shared.tenants.LlmBudget}, {@code shared.billing}).
 */
package com.socialwire.reports;
