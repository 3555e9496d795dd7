package com.socialwire.reads.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** One WireMock server per contract test class, standing in for a read provider's or Meta's HTTP API. */
abstract class ProviderStub {

    static WireMockServer wm;

    @BeforeAll
    static void startStub() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterAll
    static void stopStub() {
        if (wm != null) {
            wm.stop();
        }
    }
}
