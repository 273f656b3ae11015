package io.rsrch.capability.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

/** CDP URLs are rewritten to IP addresses before connecting. */
class CdpAddressTest {

    @Test
    void hostNameIsReplacedByTheAddressItResolvesTo() throws Exception {
        String expectedIp = InetAddress.getByName("localhost").getHostAddress();

        String resolved = CdpAddress.resolve("http://localhost:9222");

        assertThat(resolved).doesNotContain("localhost");
        assertThat(resolved).contains(expectedIp).endsWith(":9222");
        assertThat(CdpAddress.resolve("http://127.0.0.1:9222/"))
                .isEqualTo("http://127.0.0.1:9222/");
    }

    @Test
    void unknownHostFailsWithAnActionableMessage() {
        assertThatThrownBy(() -> CdpAddress.resolve("http://no-such-host.invalid:9222"))
                .isInstanceOf(BrowserUnavailable.class)
                .hasMessageContaining("RSRCH_CDP_URL");
    }
}
