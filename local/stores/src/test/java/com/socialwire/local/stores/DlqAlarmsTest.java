package com.socialwire.local.stores;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every dead-letter queue in template.yaml (a queue some queue's RedrivePolicy sends to, or one named *DLQ) has a
 * CloudWatch alarm that fires on its first message: ApproximateNumberOfMessagesVisible &gt; 0, notifying the optional
 * AlarmTopicArn. A message in a DLQ is work that failed for good; nobody should learn of it from a customer.
 */
class DlqAlarmsTest {

    static final Template TEMPLATE = Template.load(Template.locate());

    @Test
    void everyDeadLetterQueueHasAnAlarmOnItsFirstMessage() {
        Set<String> dlqs = deadLetterQueues();
        assertTrue(dlqs.size() >= 5, "the template's DLQs: " + dlqs);
        Map<String, Map<String, Object>> alarms = TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm");
        List<String> missing = new ArrayList<>();
        for (String dlq : dlqs) {
            boolean alarmed = alarms.values().stream().map(a -> props(a)).anyMatch(p -> watches(p, dlq));
            if (!alarmed) {
                missing.add(dlq);
            }
        }
        assertEquals(List.of(), missing, "DLQs without an AWS::CloudWatch::Alarm on ApproximateNumberOfMessagesVisible > 0");
    }

    @Test
    void alarmsNotifyTheAlarmTopicWhenOneIsGiven() {
        assertTrue(TEMPLATE.parameterDefaults().containsKey("AlarmTopicArn"), "an optional AlarmTopicArn parameter");
        assertEquals("", TEMPLATE.parameterDefaults().get("AlarmTopicArn"), "empty by default: alarms still show in CloudWatch");
        for (Map.Entry<String, Map<String, Object>> a : TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm").entrySet()) {
            Object actions = props(a.getValue()).get("AlarmActions");
            assertTrue(String.valueOf(actions).contains("AlarmTopicArn"), a.getKey() + " notifies nobody: " + actions);
        }
    }

    /** Queues some RedrivePolicy names as its dead-letter target, and queues named *DLQ. */
    static Set<String> deadLetterQueues() {
        Set<String> out = new TreeSet<>();
        TEMPLATE.resourcesOfType("AWS::SQS::Queue").forEach((id, q) -> {
            if (id.endsWith("DLQ")) {
                out.add(id);
            }
            if (props(q).get("RedrivePolicy") instanceof Map<?, ?> redrive
                    && redrive.get("deadLetterTargetArn") instanceof Map<?, ?> target
                    && target.get("Fn::GetAtt") instanceof List<?> att) {
                out.add(String.valueOf(att.get(0)));
            }
        });
        return out;
    }

    /** Whether alarm properties {@code p} watch {@code queue}'s visible messages, firing above 0. */
    static boolean watches(Map<String, Object> p, String queue) {
        if (!"AWS/SQS".equals(p.get("Namespace")) || !"ApproximateNumberOfMessagesVisible".equals(p.get("MetricName"))
                || !"GreaterThanThreshold".equals(p.get("ComparisonOperator")) || !(p.get("Threshold") instanceof Number n)
                || n.doubleValue() != 0) {
            return false;
        }
        if (!(p.get("Dimensions") instanceof List<?> dims)) {
            return false;
        }
        for (Object d : dims) {
            if (d instanceof Map<?, ?> dim && "QueueName".equals(dim.get("Name")) && dim.get("Value") instanceof Map<?, ?> v
                    && v.get("Fn::GetAtt") instanceof List<?> att && queue.equals(att.get(0)) && "QueueName".equals(att.get(1))) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        Object p = resource.get("Properties");
        return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
