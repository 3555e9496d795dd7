package com.socialwire.local.stores;

import java.util.List;
import java.util.Locale;

/**
 * An IAM identity policy as AWS evaluates it for one call: denied unless some statement allows
 * the action on the resource, and an explicit {@code Deny} always wins. Actions match
 * case-insensitively, resources case-sensitively; both take IAM's {@code *} and {@code ?}
 * wildcards.
 */
public record IamPolicy(List<Statement> statements) {

    public IamPolicy {
        statements = List.copyOf(statements);
    }

    /** One statement: Allow or Deny, its actions ({@code service:Name}) and resource ARNs, wildcards kept. */
    public record Statement(boolean allow, List<String> actions, List<String> resources) {
        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }

        boolean covers(String action, String resource) {
            return actions.stream().anyMatch(a -> matches(a.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT)))
                    && resources.stream().anyMatch(r -> matches(r, resource));
        }
    }

    public boolean allows(String action, String resource) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (s.covers(action, resource)) {
                if (!s.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** IAM's glob: {@code *} any run of characters (slashes and colons too), {@code ?} any one character. */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
