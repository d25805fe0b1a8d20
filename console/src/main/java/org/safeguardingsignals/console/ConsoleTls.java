package org.safeguardingsignals.console;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The console's certificate: a key store (PKCS12 by default) with the console's key and certificate chain. With it
 * the public listener speaks HTTPS only (TLS 1.3 or 1.2), through Jetty's own TLS. The password is held here and
 * handed to Jetty, never logged.
 */
record ConsoleTls(Path keyStore, String password, String type) {
    ConsoleTls {
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("The console's key store " + keyStore + " cannot be read");
        }
    }

    /** An HTTPS connector on host and port (0: a free one), for Javalin to serve on instead of plain HTTP. */
    Connector connector(Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toAbsolutePath().toString());
        ssl.setKeyStorePassword(password);
        ssl.setKeyStoreType(type);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(http);
        https.setSecureScheme("https");
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(
                server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    @Override
    public String toString() {
        return "ConsoleTls[keyStore=" + keyStore + ", type=" + type + "]"; // never the password
    }
}
