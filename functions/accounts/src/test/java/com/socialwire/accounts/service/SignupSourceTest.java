package com.socialwire.accounts.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The source a signup grant is counted under: one IPv4 address, or one IPv6 /64 (what one subscriber gets). */
class SignupSourceTest {

    @Test
    void ipv4IsTheAddressAndIpv6IsItsSlash64() {
        assertEquals("192.0.2.7", AccountService.source("192.0.2.7"));
        assertEquals(AccountService.source("2001:db8:1:2::1"), AccountService.source("2001:db8:1:2:ffff:ffff:ffff:fffe"));
        assertEquals(AccountService.source("2001:db8:1:2::1"), AccountService.source("2001:0db8:0001:0002:0000:0000:0000:0099"));
        assertNotEquals(AccountService.source("2001:db8:1:2::1"), AccountService.source("2001:db8:1:3::1"));
        assertEquals("", AccountService.source(null));
        assertEquals("not-an-ip", AccountService.source("not-an-ip"));
        assertEquals("zz:zz", AccountService.source("zz:zz"));
    }
}
