package dev.playlog.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Small helpers shared by the embedded servers. */
final class Ports {

    private Ports() {
    }

    /**
     * Throws {@link PortInUseException} when {@code host:port} cannot be bound right now.
     * SO_REUSEADDR is set like the servers themselves do, so sockets of a just-stopped server that
     * linger in TIME_WAIT do not count as "in use"; a socket that still listens does.
     */
    static void requireFree(String host, int port, String owner, String advice) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " for " + owner + " is out of range 1-65535: " + advice);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown host '" + host + "' for " + owner, e);
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), 1);
        } catch (IOException e) {
            PortInUseException ex = new PortInUseException(port, owner, advice);
            ex.initCause(e);
            throw ex;
        }
    }

    /** True for 0.0.0.0 / :: (listen on every interface), which clients cannot connect to by that name. */
    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The host clients should use to reach a server listening on {@code host}. */
    static String clientHost(String host) {
        return isWildcard(host) ? "127.0.0.1" : host;
    }
}
