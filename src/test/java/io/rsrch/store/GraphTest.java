package io.rsrch.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

class GraphTest {

    /** A server speaking just enough of the Redis protocol to refuse every command the same way. */
    private static ServerSocket refusingServer(String error) throws Exception {
        ServerSocket server = new ServerSocket(0);
        Thread thread =
                new Thread(
                        () -> {
                            while (!server.isClosed()) {
                                try (Socket client = server.accept()) {
                                    BufferedReader in =
                                            new BufferedReader(
                                                    new InputStreamReader(
                                                            client.getInputStream(),
                                                            StandardCharsets.UTF_8));
                                    OutputStream out = client.getOutputStream();
                                    String line;
                                    while ((line = in.readLine()) != null) {
                                        if (line.startsWith("*")) {
                                            int parts = Integer.parseInt(line.substring(1));
                                            for (int i = 0; i < parts * 2; i++) {
                                                in.readLine();
                                            }
                                            out.write(
                                                    ("-" + error + "\r\n")
                                                            .getBytes(StandardCharsets.UTF_8));
                                            out.flush();
                                        }
                                    }
                                } catch (Exception e) {
                                    // the test closed the server or the client went away
                                }
                            }
                        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    @Test
    void aServerStillLoadingItsDataIsUnavailableNotARefusal() throws Exception {
        try (ServerSocket server =
                        refusingServer("LOADING Valkey is loading the dataset in memory");
                Graph graph = new Graph(new JedisPooled("127.0.0.1", server.getLocalPort()), "g")) {
            assertThatThrownBy(() -> graph.query("RETURN 1", Map.of()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("not ready yet");
        }
    }

    @Test
    void aQueryTheServerRejectsIsARefusal() throws Exception {
        try (ServerSocket server = refusingServer("ERR Invalid input 'X'");
                Graph graph = new Graph(new JedisPooled("127.0.0.1", server.getLocalPort()), "g")) {
            assertThatThrownBy(() -> graph.query("X", Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .isNotInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("refused a query");
        }
    }
}
