package cn.hotline.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The run command's own HTTPS certificate: browsers give a page the microphone only on HTTPS (or localhost), so an
 * agent on another machine needs the console over HTTPS. Made once with the JDK's {@code keytool} and kept in the run's
 * data folder: a self-signed CA ({@code ca.pem}, the file to trust) and a server certificate signed by it for the
 * public host name, {@code localhost} and {@code 127.0.0.1} ({@code gateway.p12}, PKCS12, for the gateway). Made again
 * only when the names change; the key store password is in {@code password} (owner-only).
 */
public final class LocalCertificate {

    public static final String SERVER_ALIAS = "gateway";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Duration KEYTOOL_LIMIT = Duration.ofSeconds(60);
    /** Below Chrome's 398-day limit for server certificates. */
    private static final int SERVER_DAYS = 397;

    private final Path dir;
    private final List<String> names;
    private final String password;

    private LocalCertificate(Path dir, List<String> names, String password) {
        this.dir = dir;
        this.names = List.copyOf(names);
        this.password = password;
    }

    /** The names and addresses the certificate covers: the public host first, then localhost and 127.0.0.1. */
    static List<String> namesFor(String publicHost) {
        String host = publicHost.trim().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("--public-host must be a host name or an IPv4 address: " + publicHost);
        }
        Set<String> names = new LinkedHashSet<>(List.of(host, "localhost", "127.0.0.1"));
        return List.copyOf(names);
    }

    /** Loads the certificate kept in {@code dir} for these names, or makes a new CA and certificate there. */
    public static LocalCertificate ensure(Path dir, String publicHost) {
        List<String> names = namesFor(publicHost);
        try {
            Files.createDirectories(dir);
            Path namesFile = dir.resolve("names");
            Path passwordFile = dir.resolve("password");
            if (Files.isRegularFile(namesFile)
                    && Files.isRegularFile(passwordFile)
                    && Files.isRegularFile(dir.resolve("gateway.p12"))
                    && Files.isRegularFile(dir.resolve("ca.pem"))
                    && Files.readString(namesFile).strip().equals(String.join(",", names))) {
                return new LocalCertificate(
                        dir, names, Files.readString(passwordFile).strip());
            }
            for (String file : List.of("ca.p12", "ca.pem", "gateway.p12", "gateway.csr", "gateway.pem", "names")) {
                Files.deleteIfExists(dir.resolve(file));
            }
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Files.writeString(passwordFile, password);
            try {
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the folder's own permissions apply
            }
            LocalCertificate made = new LocalCertificate(dir, names, password);
            made.make();
            Files.writeString(namesFile, String.join(",", names));
            return made;
        } catch (IOException e) {
            throw new StackStartException("could not make the HTTPS certificate in " + dir + ": " + e.getMessage());
        }
    }

    private void make() throws IOException {
        String ca = dir.resolve("ca.p12").toString();
        String server = dir.resolve("gateway.p12").toString();
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=Hotline local CA " + names.getFirst() + ", O=cc-hotline devstack",
                "-ext",
                "bc:c",
                "-ext",
                "KeyUsage:critical=keyCertSign,cRLSign",
                "-validity",
                "3650",
                "-keystore",
                ca,
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca,
                "-storepass",
                password,
                "-file",
                dir.resolve("ca.pem").toString());
        keytool(
                "-genkeypair",
                "-alias",
                SERVER_ALIAS,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + names.getFirst(),
                "-validity",
                Integer.toString(SERVER_DAYS),
                "-keystore",
                server,
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
        keytool(
                "-certreq",
                "-alias",
                SERVER_ALIAS,
                "-keystore",
                server,
                "-storepass",
                password,
                "-file",
                dir.resolve("gateway.csr").toString());
        keytool(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                ca,
                "-storepass",
                password,
                "-infile",
                dir.resolve("gateway.csr").toString(),
                "-outfile",
                dir.resolve("gateway.pem").toString(),
                "-rfc",
                "-validity",
                Integer.toString(SERVER_DAYS),
                "-ext",
                "SAN=" + subjectAlternativeNames(),
                "-ext",
                "KeyUsage:critical=digitalSignature",
                "-ext",
                "ExtendedKeyUsage=serverAuth");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                dir.resolve("ca.pem").toString(),
                "-keystore",
                server,
                "-storepass",
                password);
        keytool(
                "-importcert",
                "-alias",
                SERVER_ALIAS,
                "-file",
                dir.resolve("gateway.pem").toString(),
                "-keystore",
                server,
                "-storepass",
                password);
    }

    /** {@code dns:host,dns:localhost,ip:127.0.0.1}. */
    String subjectAlternativeNames() {
        List<String> entries = new ArrayList<>();
        for (String name : names) {
            entries.add((IPV4.matcher(name).matches() ? "ip:" : "dns:") + name);
        }
        return String.join(",", entries);
    }

    private static void keytool(String... args) throws IOException {
        Path keytool =
                Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("keytool");
        List<String> command = new ArrayList<>();
        command.add(Files.isExecutable(keytool) ? keytool.toString() : "keytool");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_LIMIT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while making the certificate", e);
        }
    }

    public List<String> names() {
        return names;
    }

    /** The CA certificate browsers (or the OS) must trust. */
    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** The gateway's key store (PKCS12): key and chain under {@value #SERVER_ALIAS}. */
    public Path keyStore() {
        return dir.resolve("gateway.p12");
    }

    public String password() {
        return password;
    }

    public X509Certificate ca() {
        try (InputStream in = Files.newInputStream(caCertificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + caCertificate(), e);
        }
    }

    /** The server certificate chain in the key store (server first, then the CA). */
    public List<X509Certificate> chain() {
        try (InputStream in = Files.newInputStream(keyStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : store.getCertificateChain(SERVER_ALIAS)) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + keyStore(), e);
        }
    }

    /** TLS that trusts only this CA (the launcher's health checks of the gateway). */
    public SSLContext trustingContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caCertificate(), e);
        }
    }

    /** How to trust the CA, printed by the run command. */
    public String howToTrust() {
        Path ca = caCertificate();
        return String.join(
                "\n",
                "  HTTPS certificate of this run's own CA: " + ca,
                "  Trust it once on each agent's machine, e.g.:",
                "    Debian/Ubuntu: sudo cp " + ca.getFileName()
                        + " /usr/local/share/ca-certificates/hotline-local-ca.crt" + " && sudo update-ca-certificates",
                "    Chrome/Chromium (Linux): certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n hotline-local-ca -i "
                        + ca.getFileName(),
                "    Windows: certutil -addstore -f Root " + ca.getFileName(),
                "    macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "
                        + ca.getFileName());
    }
}
