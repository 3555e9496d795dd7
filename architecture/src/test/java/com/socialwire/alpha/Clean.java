package com.socialwire.alpha;

import com.socialwire.shared.Json;

/** Architecture fixture: a context class that uses only shared. */
public final class Clean {

    public String render() {
        return Json.object().toString();
    }
}
