package com.socialwire.posts.handler;

import com.socialwire.posts.Posts;
import com.socialwire.posts.insights.InsightsRefresh;
import com.socialwire.shared.snapstart.Priming;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * InsightsRunFunction (EventBridge, hourly): reads the insights of the published posts due for a refresh (D+1, D+2,
 * D+7, D+28 after publishing) and each enrolled account's day, once a day. One tenant's failure never stops the others.
 */
public final class InsightsRunHandler implements ScheduledRunHandler {

    private final InsightsRefresh refresh;

    public InsightsRunHandler() {
        this(Posts.fromEnvironment().insightsRefresh());
        Priming.registerScheduled("insights run");
    }

    public InsightsRunHandler(InsightsRefresh refresh) {
        this.refresh = refresh;
    }

    @Override
    public Map<String, Object> runOnce() {
        InsightsRefresh.RunResult r = refresh.run();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("due", r.due());
        out.put("refreshed", r.refreshed());
        out.put("retried", r.retried());
        out.put("failed", r.failed());
        out.put("accountDays", r.accounts());
        out.put("stoppedByBudget", r.stoppedByBudget());
        return out;
    }
}
