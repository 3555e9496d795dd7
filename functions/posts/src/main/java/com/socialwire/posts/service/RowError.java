package com.socialwire.posts.service;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error of one row of a batch (a bulk import row, a campaign's post): the batch goes on and
 * reports it in the envelope's shape. An unexpected failure is logged and answered without its text.
 */
final class RowError {

    private static final Logger LOG = LoggerFactory.getLogger(RowError.class);

    private RowError() {
    }

    static Map<String, Object> of(RuntimeException e, String what) {
        Map<String, Object> err = new LinkedHashMap<>();
        if (e instanceof ApiException a) {
            err.put("code", a.code().name());
            err.put("message", a.getMessage());
            if (!a.details().isEmpty()) {
                err.put("details", a.details());
            }
        } else {
            LOG.error("{} failed; the rest of the batch goes on", what, e);
            err.put("code", ErrorCode.INTERNAL_ERROR.name());
            err.put("message", what + " could not be saved; the others were processed, retry this one");
        }
        return err;
    }
}
