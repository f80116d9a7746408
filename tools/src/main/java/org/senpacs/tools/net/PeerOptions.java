package org.senpacs.tools.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationException;
import org.senpacs.dicom.net.AssociationOptions;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.DicomServiceRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The peer an SCU tool talks to: HOST PORT, the AE titles, timeouts and TLS. */
final class PeerOptions {

    @Parameters(index = "0", paramLabel = "HOST", description = "the peer's host name or IP address")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "the peer's DICOM port")
    int port;

    @Option(names = {"-aet", "--calling-aet"}, paramLabel = "AE", defaultValue = "SENSCU",
            description = "our AE title, the calling one (default: ${DEFAULT-VALUE})")
    String callingAet;

    @Option(names = {"-aec", "--called-aet"}, paramLabel = "AE", defaultValue = "SEN",
            description = "the peer's AE title, the called one (default: ${DEFAULT-VALUE})")
    String calledAet;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "TCP connect and association negotiation (default: ${DEFAULT-VALUE})")
    int connectTimeout;

    @Option(names = "--response-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "wait for each DIMSE response; 0 waits forever (default: ${DEFAULT-VALUE})")
    int responseTimeout;

    @Mixin
    TlsOptions tls = new TlsOptions();

    /** Checks what picocli cannot: port range and AE titles. */
    void validate() {
        if (port < 1 || port > 65535) throw new NetCommand.UsageException("PORT must be 1 to 65535, not " + port);
        checkAeTitle("-aet", callingAet);
        checkAeTitle("-aec", calledAet);
        if (connectTimeout < 1) throw new NetCommand.UsageException("--connect-timeout must be at least 1 second");
        if (responseTimeout < 0) throw new NetCommand.UsageException("--response-timeout must not be negative");
    }

    /** An AE title: 1 to 16 characters of the default repertoire, no backslash or control character. */
    static void checkAeTitle(String option, String ae) {
        if (ae == null || ae.isBlank() || ae.length() > 16) {
            throw new NetCommand.UsageException(option + " must be an AE title of 1 to 16 characters, not '" + ae + "'");
        }
        for (int i = 0; i < ae.length(); i++) {
            char c = ae.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new NetCommand.UsageException(option + " '" + ae + "': an AE title is ASCII without backslash");
            }
        }
    }

    /** "SEN@host:port", for messages. */
    String describe() {
        return calledAet + "@" + host + ":" + port;
    }

    AssociationOptions associationOptions() {
        AssociationOptions d = AssociationOptions.DEFAULT;
        return new AssociationOptions(d.maxPduLengthReceive(), d.maxPduLengthSend(), Duration.ofSeconds(connectTimeout),
                Duration.ofSeconds(Math.max(connectTimeout, d.artimTimeout().toSeconds())), d.idleTimeout(),
                Duration.ofSeconds(responseTimeout), d.maxDataSetInMemory());
    }

    AssociationRequest request() {
        return new AssociationRequest(callingAet, calledAet);
    }

    /**
     * Connects and negotiates.
     *
     * @throws IOException with a message fit for one line: why the peer could not be reached
     */
    Association open(AssociationRequest rq, DicomServiceRegistry services) throws IOException {
        try {
            return new Connector(associationOptions(), tls.toTls(false, false)).connect(host, port, rq, services);
        } catch (AssociationException e) {
            throw e;
        } catch (UnknownHostException e) {
            throw new IOException("unknown host " + host, e);
        } catch (ConnectException | NoRouteToHostException e) {
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer from " + host + ":" + port + " within " + connectTimeout + " s", e);
        } catch (SSLException e) {
            throw new IOException("TLS handshake with " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }
}
