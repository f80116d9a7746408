package org.senpacs.tools.net;

import java.nio.file.Files;
import java.nio.file.Path;
import org.senpacs.dicom.net.Tls;
import picocli.CommandLine.Option;

/** TLS options (DICOM over TLS, PS3.15 Annex B). Passwords may come from the environment, out of sight of {@code ps}. */
final class TlsOptions {

    static final String KEY_STORE_PASS_ENV = "SEN_KEY_STORE_PASS";
    static final String TRUST_STORE_PASS_ENV = "SEN_TRUST_STORE_PASS";

    @Option(names = "--tls", description = "use TLS 1.3/1.2 (implied by --key-store or --trust-store)")
    boolean tls;

    @Option(names = "--key-store", paramLabel = "FILE",
            description = "our certificate and private key: PKCS#12 (or JKS when named *.jks)")
    Path keyStore;

    @Option(names = "--key-store-pass", paramLabel = "PASSWORD",
            description = "its password (better: the environment variable " + KEY_STORE_PASS_ENV + ", not shown by ps)")
    String keyStorePass;

    @Option(names = "--trust-store", paramLabel = "FILE",
            description = "the certificates we trust (the peers' or their CA's); default: the JDK's CAs")
    Path trustStore;

    @Option(names = "--trust-store-pass", paramLabel = "PASSWORD",
            description = "its password (or the environment variable " + TRUST_STORE_PASS_ENV + ")")
    String trustStorePass;

    boolean enabled() {
        return tls || keyStore != null || trustStore != null;
    }

    /**
     * The TLS settings, or null without TLS.
     *
     * @param listener true for the scp, which needs a key store
     */
    Tls toTls(boolean listener, boolean needClientAuth) {
        if (!enabled()) {
            if (needClientAuth) throw new NetCommand.UsageException("--need-client-auth needs --tls");
            return null;
        }
        if (listener && keyStore == null) throw new NetCommand.UsageException("--tls needs --key-store with our certificate and key");
        if (keyStore != null && !Files.isReadable(keyStore)) throw new NetCommand.UsageException("cannot read key store " + keyStore);
        if (trustStore != null && !Files.isReadable(trustStore)) throw new NetCommand.UsageException("cannot read trust store " + trustStore);
        return new Tls(keyStore, password(keyStorePass, KEY_STORE_PASS_ENV), trustStore,
                password(trustStorePass, TRUST_STORE_PASS_ENV), needClientAuth);
    }

    private static char[] password(String option, String env) {
        String p = option != null ? option : System.getenv(env);
        return p == null ? null : p.toCharArray();
    }
}
